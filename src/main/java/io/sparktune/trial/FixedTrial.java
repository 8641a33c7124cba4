package io.sparktune.trial;

import static io.sparktune.util.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial with fixed parameters, to run an objective outside a study (for example to retrain the
 * best parameters, or to test an objective). Reports are kept; it never prunes.
 */
public final class FixedTrial implements Trial {
  private final Map<String, Object> fixed;
  private final int number;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Distribution> distributions = new LinkedHashMap<>();
  private final SortedMap<Integer, Double> reports = new TreeMap<>();
  private final Map<String, Object> userAttrs = new LinkedHashMap<>();

  /** A fixed trial numbered 0. */
  public FixedTrial(Map<String, ?> params) {
    this(params, 0);
  }

  public FixedTrial(Map<String, ?> params, int number) {
    require(params != null, "params must not be null, but got null");
    this.fixed = new LinkedHashMap<>(params);
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }

  private synchronized Object suggest(String name, Distribution d) {
    Distribution before = distributions.get(name);
    if (before != null) {
      require(before.equals(d),
          "parameter '%s' was suggested with %s, but got %s", name, before, d);
      return params.get(name);
    }
    require(fixed.containsKey(name),
        "parameter '%s' must have a fixed value, but got none; fixed: %s", name, fixed.keySet());
    Object v = fixed.get(name);
    double internal = d.toInternal(v);
    require(d.contains(internal), "fixed value of '%s' must lie in %s, but got %s", name, d, v);
    Object external = d.toExternal(internal);
    params.put(name, external);
    distributions.put(name, d);
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
  public synchronized void report(double value, int step) {
    require(step >= 0, "step must be >= 0, but got %d", step);
    reports.putIfAbsent(step, value);
  }

  @Override
  public boolean shouldPrune() {
    return false;
  }

  @Override
  public synchronized void setUserAttr(String key, Object value) {
    userAttrs.put(key, value);
  }

  @Override
  public synchronized Map<String, Object> params() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The values reported so far, by step. */
  public synchronized SortedMap<Integer, Double> intermediateValues() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(reports));
  }

  /** The user attributes set so far. */
  public synchronized Map<String, Object> userAttrs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
  }
}
