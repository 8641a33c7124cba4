package io.sparktune.trial;

/** The life cycle of a trial: WAITING (enqueued) → RUNNING → COMPLETE | PRUNED | FAIL. */
public enum TrialState {
  /** Enqueued with fixed parameters, not started yet. */
  WAITING,
  /** Asked and not told yet. */
  RUNNING,
  /** Finished with a finite or infinite value. */
  COMPLETE,
  /** Stopped early by a pruner; its value is the last reported intermediate value, if any. */
  PRUNED,
  /** The objective threw, returned NaN or timed out; never counts as a result. */
  FAIL;

  /** Whether the trial can no longer change state. */
  public boolean isFinished() {
    return this == COMPLETE || this == PRUNED || this == FAIL;
  }
}
