package io.sparktune.cli;

import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.HadoopCheckpointStore;
import io.sparktune.spark.SparkTrialExecutor;
import io.sparktune.study.AshaPolicy;
import io.sparktune.study.Objective;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.study.TrialExecutor;
import io.sparktune.workload.Budget;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the trials of one study: the only place of the run pipeline ({@link StudyJob}) that builds
 * the {@link StudyDriver}, its executor (local threads, Spark tasks or Spark jobs) and its
 * scheduler (FIFO, or ASHA with promotion). Everything before (storage, recovery, the budget) and
 * after (best trial, test score, outputs) is the pipeline's.
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
   * Runs {@code plan} on {@code study} with the {@link StudyDriver} (heartbeats of the trials this
   * driver holds, running and paused, every {@code execution.heartbeatSeconds}); returns
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
    m.put("loop", plan.mode().equals("threads") || plan.asha() != null ? null : x.loop());
    if (plan.nTrials() == 0 && plan.asha() == null) {
      return m;
    }
    Scheduler scheduler;
    String what;
    if (plan.asha() != null) {
      Budget b = plan.asha();
      AshaPolicy.Builder asha = Scheduler.asha(AshaScheduler.builder()
              .minResource(b.minResource()).maxResource(b.maxResource())
              .reductionFactor(b.reductionFactor()).promotionQuota(b.quota()), resumable,
          plan.space(), new HadoopCheckpointStore(plan.checkpointRoot(),
              spark.sparkContext().hadoopConfiguration()));
      if (plan.keepPaused()) {
        asha.keepPaused();
      }
      AshaPolicy policy = asha.build();
      scheduler = policy;
      what = String.format(Locale.ROOT, "%s, %d new trials", policy.describe(), plan.nTrials());
    } else {
      scheduler = Scheduler.fifo(objective, plan.space());
      what = null;
    }
    try (TrialExecutor executor = executor(spark, plan)) {
      if (what == null) {
        what = plan.mode().equals("threads")
            ? String.format(Locale.ROOT, "%d threads on the driver", plan.parallelism())
            : String.format(Locale.ROOT, "trials as Spark %s (%s loop, %d slots)", plan.mode(),
                x.loop(), executor.slots());
      } else {
        what += String.format(Locale.ROOT, ", trials as Spark %s, %d slots", plan.mode(),
            executor.slots());
      }
      out.printf(Locale.ROOT, "%s, %s, Spark master %s%n", plan.intro(), what, plan.master());
      StudyDriver.Report r = StudyDriver.builder(study, executor).scheduler(scheduler)
          .nTrials(plan.nTrials()).timeout(plan.timeout()).trialTimeout(plan.trialTimeout())
          .maxRetries(x.maxRetries())
          .loop(x.loop().equals("sync") && plan.asha() == null ? StudyDriver.Loop.SYNC
              : StudyDriver.Loop.ASYNC)
          .statusInterval(seconds(x.statusIntervalSeconds()))
          .heartbeatInterval(seconds(x.heartbeatSeconds())).build().run();
      if (r.paused() > 0) {
        out.printf(Locale.ROOT, "%d trials stay paused at a rung in %s: run again with the same"
            + " --storage and --output and a higher --n-trials to promote them%n", r.paused(),
            plan.storageName());
      }
      m.put("slots", (int) Math.round(r.meanSlots()));
      m.put("meanSlots", Math.round(r.meanSlots() * 100) / 100.0);
      m.put("busySlotSeconds", Math.round(r.busySlotSeconds() * 1000) / 1000.0);
      m.put("utilization", Math.round(r.utilization() * 1000) / 1000.0);
      if (plan.asha() != null) {
        m.put("promotions", r.promotions());
        m.put("paused", r.paused());
      }
      if (r.retried() > 0) {
        m.put("retried", r.retried());
      }
      return m;
    }
  }

  private static TrialExecutor executor(SparkSession spark, Plan plan) {
    JobConfig.ExecutionSection x = plan.execution();
    return switch (plan.mode()) {
      case "threads" -> TrialExecutor.localThreads(plan.parallelism());
      case "tasks" -> SparkTrialExecutor.tasks(spark).cpusPerTrial(x.cpusPerTrial())
          .slots(x.slots()).build();
      default -> SparkTrialExecutor.jobs(spark).cpusPerTrial(x.cpusPerTrial()).slots(x.slots())
          .build();
    };
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.max(1, (long) (s * 1000)));
  }
}
