package io.sparktune.trial;

import io.sparktune.space.Distribution;

/**
 * SPI, not for objectives: where a {@link BackedTrial}'s values come from and where its reports
 * and user attributes go (a study, a map of fixed values, a task that reports to the driver).
 *
 * <p>The trial owns the rules (name checks, the same-name memo, the typed dispatch, the step rule);
 * a backend only answers. {@link #toString()} names what proposes values in the error for a value
 * outside its distribution ("sampler TpeSampler[...]").
 */
public interface TrialBackend {

  /**
   * A value (external form) for {@code name}, suggested for the first time in this trial. A value
   * the user gave (enqueued, fixed) is checked here against {@code distribution}, with a message
   * naming where it came from.
   */
  Object propose(String name, Distribution distribution);

  /** Records the checked, normalised value of a new parameter (a study writes its storage). */
  default void setParam(String name, Distribution distribution, Object value) {}

  /** Records {@code value} at {@code step}; false if the step was already reported (kept as is). */
  boolean report(int step, double value);

  /** Whether the trial should stop now. */
  boolean shouldPrune();

  /** Records a user attribute (the key is already checked). */
  void setUserAttr(String key, Object value);
}
