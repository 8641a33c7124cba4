package io.sparktune.trial;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPI, not for objectives (they see {@link Trial}): the one {@link Trial} implementation, over a
 * {@link TrialBackend}. A study's trial, a {@link FixedTrial} and a trial inside a Spark task are
 * this class with a different backend.
 *
 * <p>It owns the rules every trial shares: names must not be empty; the first suggestion of a name
 * asks the backend, checks the value against the distribution and keeps it with the distribution
 * in memory, so the same name with the same distribution returns the same value and a different
 * distribution is an {@link IllegalArgumentException}; values are normalised through the internal
 * representation (floats are {@code Double}, ints {@code Long}, choices the distribution's own
 * objects); steps must be {@code >= 0} and a step already reported is ignored with a warning;
 * user attribute keys must not be empty. Thread-safe if the backend is.
 */
public sealed class BackedTrial implements Trial permits FixedTrial {
  private static final Logger LOG = LoggerFactory.getLogger(BackedTrial.class);

  private final int number;
  private final TrialBackend backend;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Distribution> distributions = new LinkedHashMap<>();

  public BackedTrial(int number, TrialBackend backend) {
    require(backend != null, "backend must not be null, but got null");
    this.number = number;
    this.backend = backend;
  }

  @Override
  public int number() {
    return number;
  }

  /**
   * Suggests {@code name} from {@code distribution} whatever its kind (for callers that suggest a
   * whole space up front); the value in external form.
   */
  public synchronized Object suggest(String name, Distribution distribution) {
    require(name != null && !name.isEmpty(), "name must not be empty, but got '%s'", name);
    require(distribution != null, "distribution of '%s' must not be null, but got null", name);
    Distribution before = distributions.get(name);
    if (before != null) {
      require(before.equals(distribution),
          "parameter '%s' was suggested with %s, but got %s", name, before, distribution);
      return params.get(name);
    }
    Object value = backend.propose(name, distribution);
    double internal = distribution.toInternal(value);
    if (!distribution.contains(internal)) {
      throw new IllegalStateException(String.format(
          "%s proposed %s for '%s', outside %s", backend, value, name, distribution));
    }
    Object external = distribution.toExternal(internal);
    backend.setParam(name, distribution, external);
    params.put(name, external);
    distributions.put(name, distribution);
    return external;
  }

  @Override
  public double suggestFloat(String name, FloatDistribution distribution) {
    return (Double) suggest(name, distribution);
  }

  @Override
  public long suggestInt(String name, IntDistribution distribution) {
    return (Long) suggest(name, distribution);
  }

  @Override
  public Object suggestCategorical(String name, CategoricalDistribution distribution) {
    return suggest(name, distribution);
  }

  @Override
  public void report(double value, int step) {
    require(step >= 0, "step must be >= 0, but got %d", step);
    if (!backend.report(step, value)) {
      LOG.warn("The reported value is ignored because this `step` {} is already reported.", step);
    }
  }

  @Override
  public boolean shouldPrune() {
    return backend.shouldPrune();
  }

  @Override
  public void setUserAttr(String key, Object value) {
    require(key != null && !key.isEmpty(), "key must not be empty, but got '%s'", key);
    backend.setUserAttr(key, value);
  }

  @Override
  public synchronized Map<String, Object> params() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  @Override
  public String toString() {
    return "Trial " + number + " " + params();
  }
}
