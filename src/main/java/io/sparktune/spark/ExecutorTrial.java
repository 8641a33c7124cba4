package io.sparktune.spark;

import static io.sparktune.util.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.Trial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link Trial} an objective sees inside a Spark task: the parameters come from the driver's
 * {@link TrialSpec}; reports and user attributes are collected and shipped back in the {@link
 * TrialOutcome}. A parameter the driver did not declare is an error naming the declared ones (the
 * sampler lives on the driver).
 */
final class ExecutorTrial implements Trial {
  private final TrialSpec spec;
  private final SortedMap<Integer, Double> reports = new TreeMap<>();
  private final Map<String, Object> userAttrs = new LinkedHashMap<>();

  ExecutorTrial(TrialSpec spec) {
    this.spec = spec;
  }

  @Override
  public int number() {
    return spec.number();
  }

  private Object suggest(String name, Distribution d) {
    Distribution declared = spec.distributions().get(name);
    require(declared != null, "parameter '%s' must be declared in the study's space to run on an"
        + " executor, but got an undeclared one; declared: %s", name, spec.params().keySet());
    require(declared.equals(d), "parameter '%s' was declared with %s, but got %s", name,
        declared, d);
    return spec.params().get(name);
  }

  @Override
  public double suggestFloat(String name, FloatDistribution distribution) {
    return ((Number) suggest(name, distribution)).doubleValue();
  }

  @Override
  public long suggestInt(String name, IntDistribution distribution) {
    return ((Number) suggest(name, distribution)).longValue();
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
  public Map<String, Object> params() {
    return Collections.unmodifiableMap(spec.params());
  }

  synchronized SortedMap<Integer, Double> reports() {
    return new TreeMap<>(reports);
  }

  synchronized Map<String, Object> userAttrs() {
    return new LinkedHashMap<>(userAttrs);
  }
}
