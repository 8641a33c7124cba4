package io.sparktune.trial;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.List;
import java.util.Map;

/**
 * The objective's handle on one trial (define-by-run): suggest parameters, report intermediate
 * values, ask whether to stop.
 *
 * <p>Suggesting the same name twice with the same distribution returns the same value; a different
 * distribution for a name already suggested is an {@link IllegalArgumentException}.
 */
public interface Trial {

  /** The trial's number within its study. */
  int number();

  /** A float from the given distribution. */
  double suggestFloat(String name, FloatDistribution distribution);

  /** An integer from the given distribution. */
  long suggestInt(String name, IntDistribution distribution);

  /** One of the choices of the given distribution. */
  Object suggestCategorical(String name, CategoricalDistribution distribution);

  /** Records {@code value} at {@code step} (a step already reported is ignored with a warning). */
  void report(double value, int step);

  /** Whether the study's pruner says this trial should stop now. */
  boolean shouldPrune();

  /** Sets a user attribute (a JSON-friendly value). */
  void setUserAttr(String key, Object value);

  /** The parameters suggested so far, external values, in suggestion order. */
  Map<String, Object> params();

  /** Uniform float in {@code [low, high]}. */
  default double suggestFloat(String name, double low, double high) {
    return suggestFloat(name, FloatDistribution.uniform(low, high));
  }

  /** Float on the grid {@code low + k * step}. */
  default double suggestFloat(String name, double low, double high, double step) {
    return suggestFloat(name, FloatDistribution.stepped(low, high, step));
  }

  /** Log-uniform float in {@code [low, high]}, {@code low > 0}. */
  default double suggestLogFloat(String name, double low, double high) {
    return suggestFloat(name, FloatDistribution.logUniform(low, high));
  }

  /** Uniform integer in {@code low..high}. */
  default int suggestInt(String name, int low, int high) {
    return (int) suggestInt(name, IntDistribution.uniform(low, high));
  }

  /** Integer on the grid {@code low + k * step}. */
  default int suggestInt(String name, int low, int high, int step) {
    return (int) suggestInt(name, IntDistribution.stepped(low, high, step));
  }

  /** Log-uniform integer in {@code low..high}, {@code low >= 1}. */
  default int suggestLogInt(String name, int low, int high) {
    return (int) suggestInt(name, IntDistribution.logUniform(low, high));
  }

  /** One of {@code choices} (strings, numbers, booleans). */
  @SuppressWarnings("unchecked")
  default <T> T suggestCategorical(String name, List<T> choices) {
    return (T) suggestCategorical(name, new CategoricalDistribution((List<Object>) choices));
  }
}
