package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.AshaPolicy;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Test fixture: the option record of the former {@code AshaStudyRunner} (removed from the library
 * by issue 14) over the {@link StudyDriver} with {@link Scheduler#asha} and a {@link
 * SparkTrialExecutor}, so that the tests and benchmarks written against it run unchanged on the
 * one driver. See {@link AshaPolicy} for what happens to paused trials.
 */
public final class AshaStudyRunner {

  /**
   * How the runner runs.
   *
   * @param mode where jobs run
   * @param nTrials new trials to start in this run
   * @param slots jobs at once, or 0 to follow the cluster's cores
   * @param timeout no job starts after this, running ones are cancelled; null for none
   * @param deletePromoted delete the checkpoint a promoted trial resumed from once it paused again
   * @param statusInterval how often a one-line status is logged
   * @param keepPaused leave trials paused at the end of the run RUNNING (resumable by a later run
   *     over the same storage) instead of telling them PRUNED
   */
  public record Options(SparkStudyRunner.Mode mode, int nTrials, int slots, Duration timeout,
      boolean deletePromoted, Duration statusInterval, boolean keepPaused) {
    public Options {
      require(mode != null, "mode must be one of [TASKS, JOBS], but got null");
      require(nTrials >= 0, "nTrials must be >= 0, but got %d", nTrials);
      require(slots >= 0, "slots must be >= 0, but got %d", slots);
      require(statusInterval != null && !statusInterval.isNegative() && !statusInterval.isZero(),
          "statusInterval must be positive, but got %s", statusInterval);
    }

    /**
     * {@code nTrials} new trials in {@code mode}, cluster slots, no timeout, paused trials pruned
     * at the end.
     */
    public static Options of(SparkStudyRunner.Mode mode, int nTrials) {
      return new Options(mode, nTrials, 0, null, true, Duration.ofSeconds(10), false);
    }

    /** These options with {@link #keepPaused()} set to {@code keep}. */
    public Options withKeepPaused(boolean keep) {
      return new Options(mode, nTrials, slots, timeout, deletePromoted, statusInterval, keep);
    }
  }

  /**
   * What a run did.
   *
   * @param wallSeconds driver wall time
   * @param newTrials trials started at rung 0
   * @param promotions paused trials resumed to a higher rung
   * @param resourceSpent resource trained in all jobs (epochs)
   * @param busySlotSeconds sum of the jobs' run times
   * @param slots the slots the run used
   * @param utilization busy slot time over available slot time
   * @param paused trials left paused (RUNNING) at the end, with {@link Options#keepPaused()}
   */
  public record Report(double wallSeconds, int newTrials, int promotions, long resourceSpent,
      double busySlotSeconds, int slots, double utilization, int paused) {}

  private final Study study;
  private final SparkSession spark;
  private final AshaScheduler scheduler;
  private final CheckpointStore store;
  private final Options options;

  /**
   * @param study the study; the scheduler ranks in its direction
   * @param spark the session jobs run in
   * @param scheduler the scheduler, writing its attributes into {@code study}
   * @param store where checkpoints live
   * @param options how to run
   */
  public AshaStudyRunner(Study study, SparkSession spark, AshaScheduler scheduler,
      CheckpointStore store, Options options) {
    require(scheduler.direction() == study.direction(),
        "scheduler direction must be the study's %s, but got %s", study.direction(),
        scheduler.direction());
    this.study = study;
    this.spark = spark;
    this.scheduler = scheduler;
    this.store = store;
    this.options = options;
  }

  private SparkTrialExecutor executor() {
    SparkTrialExecutor.Builder b = options.mode() == SparkStudyRunner.Mode.TASKS
        ? SparkTrialExecutor.tasks(spark) : SparkTrialExecutor.jobs(spark);
    return b.slots(options.slots()).build();
  }

  /** Jobs at once: the fixed slot count, or the cluster's cores. */
  public int slots() {
    try (SparkTrialExecutor x = executor()) {
      return x.slots();
    }
  }

  /** Runs the study; {@code space} declares every parameter the objective suggests. */
  public Report run(ResumableObjective objective, SearchSpace space) {
    require(objective != null, "objective must not be null, but got null");
    AshaPolicy.Builder policy = AshaPolicy.over(scheduler, objective, space, store);
    if (options.keepPaused()) {
      policy.keepPaused();
    }
    if (!options.deletePromoted()) {
      policy.keepPromotedCheckpoints();
    }
    AshaPolicy asha = policy.build();
    try (SparkTrialExecutor x = executor()) {
      StudyDriver.Report r = StudyDriver.builder(study, x).scheduler(asha)
          .nTrials(options.nTrials()).timeout(options.timeout())
          .statusInterval(options.statusInterval()).build().run();
      return new Report(r.wallSeconds(), r.newTrials(), r.promotions(), asha.resourceSpent(),
          r.busySlotSeconds(), (int) Math.round(r.meanSlots()), r.utilization(), r.paused());
    }
  }

  /**
   * Storage ids of the trials this runner holds, training or paused, that are RUNNING in the
   * study: the trials a journaled study's driver should send heartbeats for.
   */
  public List<Integer> heldTrialIds() {
    List<Integer> ids = new ArrayList<>();
    Map<Integer, TrialStatus> statuses = scheduler.state().trials();
    for (FrozenTrial t : study.trials()) {
      TrialStatus status = statuses.get(t.number());
      if (t.state() == TrialState.RUNNING
          && (status == TrialStatus.PAUSED || status == TrialStatus.RUNNING)) {
        ids.add(t.trialId());
      }
    }
    return ids;
  }
}
