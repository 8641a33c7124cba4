package io.sparktune.study;

import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.TrialState;
import java.util.List;
import java.util.Optional;

/**
 * The {@link StudyDriver}'s policy: what to run in a free slot and what an outcome means (Ray
 * Tune's {@code TrialScheduler}). {@link #fifo} asks the sampler for new trials; {@link #asha}
 * promotes a paused trial or starts a new one, and pauses trials at their rungs.
 *
 * <p>Used from the driver's thread only.
 */
public interface Scheduler {

  /** Binds the scheduler to the study the driver runs, before the first {@link #next}. */
  void start(Study study);

  /**
   * The work for a free slot, or empty if there is none now.
   *
   * @param mayStartNew whether the run's budget of new trials allows one more
   */
  Optional<Work> next(boolean mayStartNew);

  /**
   * What {@code outcome} of {@code work} means for its trial.
   *
   * @param cancelled the driver cancelled the work because the study's timeout passed
   */
  Decision decide(Work work, Outcome outcome, boolean cancelled);

  /** Trials held paused at a rung (RUNNING in the study), for the status line and heartbeats. */
  default List<Integer> pausedTrials() {
    return List.of();
  }

  /**
   * Called once when the run ends; returns how many trials stay paused (RUNNING) for a later
   * run.
   */
  default int end() {
    return 0;
  }

  /**
   * What becomes of a trial after an outcome.
   */
  sealed interface Decision {
    /** Tell the study: COMPLETE with a value, PRUNED or FAIL with a reason. */
    record Finish(TrialState state, Double value, String reason) implements Decision {}

    /** Keep the trial RUNNING, paused at {@code rung} after {@code budget} with {@code value}. */
    record Pause(int rung, int budget, double value) implements Decision {}

    /** The work was lost but the trial resumes from its checkpoint later; it stays RUNNING. */
    record Requeue(String reason) implements Decision {}

    /** Fail the trial with {@code reason}; its parameters run again as a new trial. */
    record Retry(String reason) implements Decision {}

    /**
     * What {@code outcome} means without rungs: COMPLETE with its value (NaN: the study fails it),
     * PRUNED or FAIL with its reason; lost work is retried.
     */
    static Decision of(Outcome outcome) {
      if (outcome instanceof Outcome.Completed c) {
        return new Finish(TrialState.COMPLETE, c.value(), null);
      }
      return outcome instanceof Outcome.Lost ? new Retry(outcome.reason()) : new Finish(
          outcome instanceof Outcome.Pruned ? TrialState.PRUNED : TrialState.FAIL, null,
          outcome.reason());
    }
  }

  /**
   * Asks the study's sampler for each new trial (every parameter of {@code space} suggested before
   * dispatch) and runs {@code objective} on it; outcomes map to COMPLETE (NaN fails), PRUNED,
   * FAIL, and a lost work is retried.
   */
  static Scheduler fifo(Objective objective, SearchSpace space) {
    return new FifoScheduler(objective, space);
  }

  /**
   * The promotion variant of ASHA over {@code asha} (its direction and attribute writer are bound
   * to the study by the driver): trials train to their rung's milestone, checkpoint into {@code
   * store} and pause; a free slot promotes the best promotable paused trial or starts a new one.
   */
  static AshaPolicy.Builder asha(AshaScheduler.Builder asha, ResumableObjective objective,
      SearchSpace space, CheckpointStore store) {
    return new AshaPolicy.Builder(asha, objective, space, store);
  }
}
