package io.sparktune.trial;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.Map;
import java.util.SortedMap;

/**
 * A trial with fixed parameters, to run an objective outside a study (for example to retrain the
 * best parameters, or to test an objective). Reports are kept; it never prunes. The rules are
 * {@link BackedTrial}'s, over a {@link FixedBackend}.
 */
public final class FixedTrial implements Trial {
  private final FixedBackend values;
  private final BackedTrial trial;

  /** A fixed trial numbered 0. */
  public FixedTrial(Map<String, ?> params) {
    this(params, 0);
  }

  public FixedTrial(Map<String, ?> params, int number) {
    this.values = FixedBackend.of(params);
    this.trial = new BackedTrial(number, values);
  }

  /** The values reported so far, by step. */
  public SortedMap<Integer, Double> intermediateValues() {
    return values.intermediateValues();
  }

  /** The user attributes set so far. */
  public Map<String, Object> userAttrs() {
    return values.userAttrs();
  }

  @Override
  public int number() {
    return trial.number();
  }

  @Override
  public double suggestFloat(String name, FloatDistribution d) {
    return trial.suggestFloat(name, d);
  }

  @Override
  public long suggestInt(String name, IntDistribution d) {
    return trial.suggestInt(name, d);
  }

  @Override
  public Object suggestCategorical(String name, CategoricalDistribution d) {
    return trial.suggestCategorical(name, d);
  }

  @Override
  public void report(double value, int step) {
    trial.report(value, step);
  }

  @Override
  public boolean shouldPrune() {
    return trial.shouldPrune();
  }

  @Override
  public void setUserAttr(String key, Object value) {
    trial.setUserAttr(key, value);
  }

  @Override
  public Map<String, Object> params() {
    return trial.params();
  }

  @Override
  public String toString() {
    return trial.toString();
  }
}
