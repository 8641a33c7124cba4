package io.sparktune.space;

import static io.sparktune.internal.Checks.require;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ordered, immutable map from parameter name to distribution: the define-and-run view of a space,
 * used to ask for a trial whose parameters are all drawn up front (for example before dispatching it
 * to an executor).
 */
public final class SearchSpace implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, Distribution> params;

  private SearchSpace(Map<String, Distribution> params) {
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A space with the given parameters, in the map's iteration order. */
  public static SearchSpace of(Map<String, Distribution> params) {
    require(params != null, "params must not be null, but got null");
    params.forEach((k, v) -> require(k != null && !k.isEmpty() && v != null,
        "params must map non-empty names to distributions, but got %s=%s", k, v));
    return new SearchSpace(params);
  }

  /** The empty space. */
  public static SearchSpace empty() {
    return new SearchSpace(Map.of());
  }

  /** A builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The parameters in order. */
  public Map<String, Distribution> params() {
    return params;
  }

  public boolean isEmpty() {
    return params.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchSpace s && s.params.equals(params);
  }

  @Override
  public int hashCode() {
    return params.hashCode();
  }

  @Override
  public String toString() {
    return params.toString();
  }

  /** Builds a {@link SearchSpace}. */
  public static final class Builder {
    private final Map<String, Distribution> params = new LinkedHashMap<>();

    private Builder() {}

    public Builder add(String name, Distribution d) {
      require(!params.containsKey(name), "name must be unique, but got '%s' twice", name);
      params.put(name, d);
      return this;
    }

    public SearchSpace build() {
      return SearchSpace.of(params);
    }
  }
}
