package io.sparktune.cli;

import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.AshaStudyRunner;
import io.sparktune.spark.HadoopCheckpointStore;
import io.sparktune.spark.SparkStudyRunner;
import io.sparktune.study.Objective;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.workload.Budget;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the trials of one study: the only place of the run pipeline ({@link StudyJob}) that knows
 * the trial loops ({@link Study#optimize} on driver threads, {@link SparkStudyRunner} for tasks
 * and jobs, {@link AshaStudyRunner} for ASHA with promotion) and their options. Everything before
 * (storage, recovery, the budget) and after (best trial, test score, outputs) is the pipeline's.
 */
final class StudyExecution {
  private StudyExecution() {}

  /**
   * What to run, in the trial loops' terms.
   *
   * @param mode threads | tasks | jobs (auto resolved)
   * @param nTrials new trials to run; 0 runs none (ASHA still promotes paused trials)
   * @param timeout the study's timeout, or null
   * @param trialTimeout a trial's timeout, or null
   * @param parallelism trials at once in threads mode
   * @param execution the config's execution section (loop, slots, cpus, retries, intervals)
   * @param asha the budget for ASHA with promotion, or null for the other pruners
   * @param checkpointRoot where ASHA keeps checkpoints (a URI)
   * @param keepPaused leave trials paused at the end RUNNING (the study is in a journal)
   * @param storageName the --storage value, for the console
   * @param space declares every parameter the objective suggests
   * @param intro the first words of the console line ({@code Study x: maximize digits-forest ...})
   * @param master the Spark master, for the console
   */
  record Plan(String mode, int nTrials, Duration timeout, Duration trialTimeout, int parallelism,
      JobConfig.ExecutionSection execution, Budget asha, String checkpointRoot,
      boolean keepPaused, String storageName, SearchSpace space, String intro, String master) {}

  /**
   * Runs {@code plan} on {@code study} with heartbeats of the trials this driver holds; returns
   * summary.json's {@code execution} map.
   *
   * @param objective the trials' objective
   * @param resumable the objective ASHA pauses and resumes (with {@code plan.asha()}), else unused
   */
  static Map<String, Object> run(Study study, SparkSession spark, Objective objective,
      ResumableObjective resumable, Plan plan, PrintStream out) {
    JobConfig.ExecutionSection x = plan.execution();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", plan.mode());
    Duration status = Duration.ofMillis((long) (x.statusIntervalSeconds() * 1000));
    if (plan.asha() != null) {
      Budget b = plan.asha();
      AshaScheduler scheduler = AshaScheduler.builder().minResource(b.minResource())
          .maxResource(b.maxResource()).reductionFactor(b.reductionFactor())
          .promotionQuota(b.quota()).direction(study.direction())
          .attrWriter(AshaAttrs.Writer.to(study)).build();
      AshaStudyRunner runner = new AshaStudyRunner(study, spark, scheduler,
          new HadoopCheckpointStore(plan.checkpointRoot(),
              spark.sparkContext().hadoopConfiguration()),
          new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, plan.nTrials(), x.slots(),
              plan.timeout(), true, status, plan.keepPaused()));
      out.printf(Locale.ROOT, "%s, ASHA (promotion) over milestones %s, %d new trials, %d slots,"
          + " Spark master %s%n", plan.intro(), scheduler.milestones(), plan.nTrials(),
          runner.slots(), plan.master());
      AshaStudyRunner.Report r;
      ScheduledExecutorService beats = Heartbeats.start(study.storage(), runner::heldTrialIds, x);
      try {
        r = runner.run(resumable, plan.space());
      } finally {
        Heartbeats.stop(beats);
      }
      if (r.paused() > 0) {
        out.printf(Locale.ROOT, "%d trials stay paused at a rung in %s: run again with the same"
            + " --storage and --output and a higher --n-trials to promote them%n", r.paused(),
            plan.storageName());
      }
      m.put("slots", r.slots());
      m.put("promotions", r.promotions());
      m.put("paused", r.paused());
      m.put("utilization", Math.round(r.utilization() * 1000) / 1000.0);
      return m;
    }
    m.put("loop", plan.mode().equals("threads") ? null : x.loop());
    if (plan.nTrials() == 0) {
      return m;
    }
    ScheduledExecutorService beats = Heartbeats.start(study.storage(), study::activeTrialIds, x);
    try {
      if (plan.mode().equals("threads")) {
        OptimizeOptions.Builder options = OptimizeOptions.builder().nTrials(plan.nTrials())
            .parallelism(plan.parallelism());
        if (plan.timeout() != null) {
          options.timeout(plan.timeout());
        }
        if (plan.trialTimeout() != null) {
          options.trialTimeout(plan.trialTimeout());
        }
        out.printf(Locale.ROOT, "%s, %d threads on the driver, Spark master %s%n", plan.intro(),
            plan.parallelism(), plan.master());
        study.optimize(objective, options.build());
        return m;
      }
      SparkStudyRunner runner = new SparkStudyRunner(study, spark, new SparkStudyRunner.Options(
          plan.mode().equals("tasks") ? SparkStudyRunner.Mode.TASKS : SparkStudyRunner.Mode.JOBS,
          x.loop().equals("sync") ? SparkStudyRunner.Loop.SYNC : SparkStudyRunner.Loop.ASYNC,
          plan.nTrials(), plan.timeout(), plan.trialTimeout(), x.cpusPerTrial(), x.slots(),
          x.maxRetries(), status));
      out.printf(Locale.ROOT, "%s, trials as Spark %s (%s loop, %d slots), Spark master %s%n",
          plan.intro(), plan.mode(), x.loop(), runner.slots(), plan.master());
      SparkStudyRunner.Report r = runner.run(objective, plan.space());
      m.put("slots", (int) Math.round(r.meanSlots()));
      m.put("meanSlots", Math.round(r.meanSlots() * 100) / 100.0);
      m.put("busySlotSeconds", Math.round(r.busySlotSeconds() * 1000) / 1000.0);
      m.put("utilization", Math.round(r.utilization() * 1000) / 1000.0);
      return m;
    } finally {
      Heartbeats.stop(beats);
    }
  }
}
