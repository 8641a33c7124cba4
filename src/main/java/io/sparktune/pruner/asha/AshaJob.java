package io.sparktune.pruner.asha;

/**
 * What a free slot should do next, as decided by {@link AshaScheduler#nextJob()}: resume a paused
 * trial to the next rung ({@link Promote}) or start a new trial at rung 0 ({@link StartNew}).
 * Either way the job trains to {@link #budget()} total resource, reports the value there with
 * {@link AshaScheduler#onResult}, and, unless {@link #completes()}, saves a checkpoint and pauses.
 */
public sealed interface AshaJob extends java.io.Serializable permits AshaJob.StartNew, AshaJob.Promote {

  /** The rung the job trains to. */
  int toRung();

  /** The total resource the trial has spent when the job ends: the milestone of {@link #toRung}. */
  int budget();

  /** The scheduler's top rung: a trial that reaches it is complete. */
  int topRung();

  /** Whether the trial is complete after this job (no checkpoint is needed). */
  default boolean completes() {
    return toRung() == topRung();
  }

  /**
   * Start a new trial and train it from scratch to rung 0's milestone.
   *
   * @param budget the milestone of rung 0
   * @param topRung the scheduler's top rung
   */
  record StartNew(int budget, int topRung) implements AshaJob {
    @Override
    public int toRung() {
      return 0;
    }
  }

  /**
   * Resume trial {@code trialNumber} from its checkpoint at {@code fromRung} (resource {@code
   * fromBudget} spent) and train it on to {@code budget}, the milestone of {@code toRung}.
   *
   * @param trialNumber the paused trial
   * @param fromRung the rung it paused at, whose checkpoint it resumes from
   * @param toRung {@code fromRung + 1}
   * @param fromBudget the milestone of {@code fromRung}
   * @param budget the milestone of {@code toRung}
   * @param topRung the scheduler's top rung
   */
  record Promote(int trialNumber, int fromRung, int toRung, int fromBudget, int budget,
      int topRung) implements AshaJob {}
}
