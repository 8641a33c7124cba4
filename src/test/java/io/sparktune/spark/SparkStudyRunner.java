package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * Test fixture: the option record of the former {@code SparkStudyRunner} (removed from the
 * library by issue 14) over the {@link StudyDriver} with the FIFO scheduler and a {@link
 * SparkTrialExecutor}, so that the tests and benchmarks written against it run unchanged on the
 * one driver. Library code builds the driver.
 * {@link Mode#TASKS}: each trial is a one-task Spark job on an executor; {@link Mode#JOBS}: each
 * trial runs on a driver thread and starts its own Spark jobs in a FAIR pool of its own.
 */
public final class SparkStudyRunner {

  /** Where a trial's objective runs. */
  public enum Mode {
    /** Inside a Spark task on an executor (task-parallel). */
    TASKS,
    /** On a driver thread that starts distributed Spark jobs (job-parallel). */
    JOBS
  }

  /** How free slots are refilled. */
  public enum Loop {
    /** Refill a slot as soon as its trial ends. */
    ASYNC,
    /** Dispatch a batch that fills all slots and wait for all of it (baseline). */
    SYNC
  }

  /**
   * How the runner runs.
   *
   * @param mode tasks or jobs
   * @param loop async or sync
   * @param nTrials trials to run (retries of lost tasks come on top)
   * @param timeout after this, no trial starts and running ones are cancelled; null for none
   * @param trialTimeout a trial running longer is cancelled and fails; null for none
   * @param cpusPerTrial cores one trial occupies
   * @param slots fixed number of slots, or 0 to follow the cluster's cores
   * @param maxRetries how often the parameters of a lost task are retried as a new trial
   * @param statusInterval how often a one-line status is logged
   */
  public record Options(Mode mode, Loop loop, int nTrials, Duration timeout,
      Duration trialTimeout, int cpusPerTrial, int slots, int maxRetries,
      Duration statusInterval) {
    public Options {
      require(nTrials >= 1, "nTrials must be >= 1, but got %d", nTrials);
      require(cpusPerTrial >= 1, "cpusPerTrial must be >= 1, but got %d", cpusPerTrial);
      require(slots >= 0, "slots must be >= 0, but got %d", slots);
      require(maxRetries >= 0, "maxRetries must be >= 0, but got %d", maxRetries);
      require(mode == Mode.TASKS || loop == Loop.ASYNC,
          "loop must be async when mode is jobs, but got %s", loop);
    }

    /** Task-parallel, asynchronous, {@code nTrials} trials, 2 retries, status every 10 s. */
    public static Options tasks(int nTrials) {
      return new Options(Mode.TASKS, Loop.ASYNC, nTrials, null, null, 1, 0, 2,
          Duration.ofSeconds(10));
    }
  }

  /**
   * What a run measured.
   *
   * @param wallSeconds driver wall time of the run
   * @param busySlotSeconds sum of the trials' run times on executors
   * @param meanSlots the mean number of slots over the run
   * @param utilization busy slot time over available slot time
   */
  public record Report(double wallSeconds, double busySlotSeconds, double meanSlots,
      double utilization) {}

  private final Study study;
  private final SparkSession spark;
  private final Options options;

  public SparkStudyRunner(Study study, SparkSession spark, Options options) {
    this.study = study;
    this.spark = spark;
    this.options = options;
  }

  private SparkTrialExecutor executor() {
    SparkTrialExecutor.Builder b = options.mode() == Mode.TASKS
        ? SparkTrialExecutor.tasks(spark) : SparkTrialExecutor.jobs(spark);
    return b.cpusPerTrial(options.cpusPerTrial()).slots(options.slots()).build();
  }

  /** Trial slots now: the cluster's cores (which follow executors that come and go) per trial. */
  public int slots() {
    try (SparkTrialExecutor x = executor()) {
      return x.slots();
    }
  }

  /** Runs the study; {@code space} declares every parameter the objective suggests. */
  public Report run(Objective objective, SearchSpace space) {
    require(objective != null, "objective must not be null, but got null");
    try (SparkTrialExecutor x = executor()) {
      StudyDriver.Report r = StudyDriver.builder(study, x)
          .scheduler(Scheduler.fifo(objective, space))
          .loop(options.loop() == Loop.SYNC ? StudyDriver.Loop.SYNC : StudyDriver.Loop.ASYNC)
          .nTrials(options.nTrials()).timeout(options.timeout())
          .trialTimeout(options.trialTimeout()).maxRetries(options.maxRetries())
          .statusInterval(options.statusInterval()).build().run();
      return new Report(r.wallSeconds(), r.busySlotSeconds(), r.meanSlots(), r.utilization());
    }
  }
}
