package io.sparktune.study;

import io.sparktune.trial.Trial;
import java.io.Serializable;

/**
 * What a study optimizes: trains a model with the trial's suggested parameters and returns its
 * score. It may throw any exception (the trial fails, the study goes on) or {@link
 * io.sparktune.trial.TrialPrunedException} (the trial is pruned). {@code Serializable} so that the
 * same objective can run inside a Spark task.
 */
@FunctionalInterface
public interface Objective extends Serializable {
  /** The score of the trial's configuration. */
  double evaluate(Trial trial) throws Exception;
}
