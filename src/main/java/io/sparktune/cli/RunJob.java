package io.sparktune.cli;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.sampler.GridSampler;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.spark.SparkSessions;
import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.spark.SparkStudyRunner;
import io.sparktune.workload.BroadcastForestEngine;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.ForestEngine;
import io.sparktune.workload.ForestObjective;
import io.sparktune.workload.ForestParams;
import io.sparktune.workload.ForestTask;
import io.sparktune.workload.LabeledData;
import io.sparktune.workload.MllibForestEngine;
import io.sparktune.workload.TribuoForestEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code run} verb: one study of a workload, then the best parameters on the test set. */
public final class RunJob {
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  private RunJob() {}

  /**
   * What a run produced.
   *
   * @param study the finished study
   * @param bestTrial the best trial, or null if none completed
   * @param testScore the best parameters' test score, or NaN
   * @param summary what summary.json holds
   */
  public record Result(Study study, FrozenTrial bestTrial, double testScore,
      Map<String, Object> summary) {}

  /** Runs the study described by {@code config}, writes the outputs, prints the result. */
  public static Result run(JobConfig config, PrintStream out) {
    if (config.workload().type().equals("mnist-mlp")) {
      return MlpJob.run(config, out); // the pruned neural-network workload (issue 5)
    }
    long t0 = System.nanoTime();
    JobConfig.StudySection s = config.study();
    JobConfig.WorkloadSection w = config.workload();
    SparkSession spark = SparkSessions.getOrCreate("sparktune " + s.name(), config.master());
    String master = spark.sparkContext().master();

    LabeledData data = w.data().equals("bundled") ? Datasets.digits()
        : Datasets.csv(Path.of(w.data()));
    ForestTask task = ForestTask.split(data, w.testFraction(), w.folds(), s.seed());
    String mode = effectiveMode(config);
    ForestEngine engine = w.engine().equals("mllib") ? new MllibForestEngine(spark, task)
        : mode.equals("tasks") ? new BroadcastForestEngine(spark, task)
        : new TribuoForestEngine(task);
    ForestObjective objective = new ForestObjective(engine, config.space(), w.folds(), s.seed());

    JobConfig.ExecutionSection x = config.execution();
    Storage storage = StudyStore.open(config.storage());
    StudyStore.checkCompatible(storage, s.name(), s.direction(), config.space());
    Study study = Study.builder()
        .name(s.name())
        .direction(s.direction())
        .sampler(sampler(config))
        .pruner(pruner(s.pruner()))
        .storage(storage)
        .loadIfExists(true)
        .build();
    int retried = StudyStore.recoverLostTrials(storage, study.studyId(),
        Duration.ofMillis((long) (x.staleAfterSeconds() * 1000)), x.maxRetries());
    int existing = StudyStore.countedTrials(study.trials());
    int toRun = Math.max(0, s.nTrials() - existing); // WAITING retries run first, within it
    if (existing > 0) {
      out.printf(Locale.ROOT, "Resuming study %s from %s: %d trials stored, %d to run (%d"
          + " retried after a lost driver)%n", s.name(), config.storage(), existing, toRun,
          retried);
    }
    OptimizeOptions.Builder options = OptimizeOptions.builder()
        .nTrials(Math.max(1, toRun))
        .parallelism(s.parallelism());
    if (s.timeoutSeconds() != null) {
      options.timeout(Duration.ofMillis((long) (s.timeoutSeconds() * 1000)));
    }
    if (s.trialTimeoutSeconds() != null) {
      options.trialTimeout(Duration.ofMillis((long) (s.trialTimeoutSeconds() * 1000)));
    }
    SparkStudyRunner.Report report = null;
    java.util.concurrent.ScheduledExecutorService heartbeats = heartbeats(storage, study, x);
    try {
    if (toRun == 0) {
      out.printf(Locale.ROOT, "Study %s already has %d trials (--n-trials %d): nothing to run%n",
          s.name(), existing, s.nTrials());
    } else if (mode.equals("threads")) {
      out.printf(Locale.ROOT, "Study %s: %s %s with the %s sampler, %s engine, %d-fold CV, "
              + "%d threads on the driver, Spark master %s%n", s.name(), s.direction(), w.type(),
          s.sampler(), w.engine(), w.folds(), s.parallelism(), master);
      study.optimize(objective, options.build());
    } else {
      SparkStudyRunner runner = new SparkStudyRunner(study, spark, new SparkStudyRunner.Options(
          mode.equals("tasks") ? SparkStudyRunner.Mode.TASKS : SparkStudyRunner.Mode.JOBS,
          x.loop().equals("sync") ? SparkStudyRunner.Loop.SYNC : SparkStudyRunner.Loop.ASYNC,
          toRun, seconds(s.timeoutSeconds()), seconds(s.trialTimeoutSeconds()),
          x.cpusPerTrial(), x.slots(), x.maxRetries(),
          Duration.ofMillis((long) (x.statusIntervalSeconds() * 1000))));
      out.printf(Locale.ROOT, "Study %s: %s %s with the %s sampler, %s engine, %d-fold CV, "
              + "trials as Spark %s (%s loop, %d slots), Spark master %s%n", s.name(),
          s.direction(), w.type(), s.sampler(), w.engine(), w.folds(), mode, x.loop(),
          runner.slots(), master);
      report = runner.run(objective, config.space());
    }
    } finally {
      if (heartbeats != null) {
        heartbeats.shutdownNow();
      }
    }

    FrozenTrial best = study.findBestTrial().orElse(null);
    double testScore = Double.NaN;
    List<String> notes = notes(study, engine);
    if (best != null) {
      ForestParams p = objective.params(new io.sparktune.trial.FixedTrial(best.params()));
      testScore = engine.testAccuracy(p);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> summary = summary(config, study, best, testScore, wall, master, notes);
    summary.put("execution", execution(mode, x, report));
    if (study.storage() instanceof JournalStorage journal) {
      journal.flush(); // the last finish is on the device before the summary says it is done
    }
    Path dir = Path.of(config.output());
    try {
      Outputs.writeSummary(dir, summary);
      Outputs.writeTrials(dir, study.trials());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outputs to " + dir, e);
    }
    print(out, study, best, testScore, wall, notes, dir);
    // The study report (issue 7): report.html and plots/*.svg next to summary.json.
    ReportJob.writeReport(study.trials(), study.direction(), study.studyName(), dir, out);
    return new Result(study, best, testScore, summary);
  }

  /** Heartbeats of this driver's running trials, for a journaled study. */
  private static java.util.concurrent.ScheduledExecutorService heartbeats(Storage storage,
      Study study, JobConfig.ExecutionSection x) {
    if (!(storage instanceof JournalStorage journal)) {
      return null;
    }
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "sparktune-heartbeat");
          t.setDaemon(true);
          return t;
        });
    long every = (long) (x.heartbeatSeconds() * 1000);
    timer.scheduleAtFixedRate(() -> {
      for (int id : study.activeTrialIds()) {
        try {
          journal.recordHeartbeat(id);
        } catch (IllegalStateException finishedMeanwhile) {
          // the trial ended between the listing and the heartbeat
        } catch (RuntimeException e) {
          LOG.warn("heartbeat of trial id {} failed: {}", id, e.toString());
        }
      }
    }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    return timer;
  }

  static String effectiveMode(JobConfig config) {
    String mode = config.execution().mode();
    if (!mode.equals("auto")) {
      return mode;
    }
    return config.workload().engine().equals("mllib") ? "jobs" : "tasks";
  }

  private static Duration seconds(Double s) {
    return s == null ? null : Duration.ofMillis((long) (s * 1000));
  }

  private static Map<String, Object> execution(String mode, JobConfig.ExecutionSection x,
      SparkStudyRunner.Report report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode);
    m.put("loop", mode.equals("threads") ? null : x.loop());
    if (report != null) {
      m.put("meanSlots", Math.round(report.meanSlots() * 100) / 100.0);
      m.put("busySlotSeconds", Math.round(report.busySlotSeconds() * 1000) / 1000.0);
      m.put("utilization", Math.round(report.utilization() * 1000) / 1000.0);
    }
    return m;
  }

  static Sampler sampler(JobConfig config) {
    long seed = config.study().seed();
    return switch (config.study().sampler()) {
      case "grid" -> new GridSampler(config.grid(), seed);
      case "random" -> new RandomSampler(seed);
      case "tpe" -> io.sparktune.sampler.tpe.TpeSampler.builder().seed(seed).build();
      default -> throw new AssertionError(config.study().sampler());
    };
  }

  static Pruner pruner(String name) {
    return switch (name) {
      case "none" -> new NopPruner();
      case "median" -> new MedianPruner();
      default -> throw new AssertionError(name);
    };
  }

  private static List<String> notes(Study study, ForestEngine engine) {
    TreeSet<Long> capped = new TreeSet<>();
    for (FrozenTrial t : study.trials()) {
      if (t.userAttrs().containsKey(ForestObjective.DEPTH_USED)) {
        capped.add(((Number) t.params().get("max_depth")).longValue());
      }
    }
    List<String> notes = new ArrayList<>();
    for (long d : capped) {
      notes.add(String.format(Locale.ROOT, "max_depth %d was capped to %d: the %s engine's limit",
          d, engine.effectiveDepth((int) d), engine.name()));
    }
    return notes;
  }

  private static Map<String, Object> summary(JobConfig config, Study study, FrozenTrial best,
      double testScore, double wall, String master, List<String> notes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("study", study.studyName());
    m.put("direction", study.direction().toString());
    m.put("sampler", config.study().sampler());
    m.put("seed", config.study().seed());
    m.put("workload", config.workload().type());
    m.put("engine", config.workload().engine());
    m.put("folds", config.workload().folds());
    Map<String, Integer> counts = new LinkedHashMap<>();
    study.stateCounts().forEach((k, v) -> counts.put(k.name(), v));
    m.put("counts", counts);
    m.put("nTrials", study.trials().size());
    m.put("bestTrial", best == null ? null : best.number());
    m.put("bestValue", best == null ? null : best.value());
    m.put("bestParams", best == null ? null : best.params());
    m.put("testScore", Double.isNaN(testScore) ? null : testScore);
    m.put("testMetric", "accuracy");
    m.put("wallSeconds", Math.round(wall * 1000) / 1000.0);
    m.put("sparkMaster", master);
    m.put("storage", config.storage());
    m.put("notes", notes);
    return m;
  }

  private static void print(PrintStream out, Study study, FrozenTrial best, double testScore,
      double wall, List<String> notes, Path dir) {
    Map<TrialState, Integer> c = study.stateCounts();
    out.printf(Locale.ROOT, "Finished %d trials in %.1f s: %d complete, %d pruned, %d failed%n",
        study.trials().size(), wall, c.get(TrialState.COMPLETE), c.get(TrialState.PRUNED),
        c.get(TrialState.FAIL));
    notes.forEach(n -> out.println("Note: " + n));
    if (best == null) {
      out.println("No trial completed; see trials.csv for the failures.");
      LOG.error("no trial of study '{}' completed", study.studyName());
    } else {
      out.printf(Locale.ROOT, "Best trial %d: CV accuracy %.4f with %s%n", best.number(),
          best.value(), best.params());
      out.printf(Locale.ROOT, "Test accuracy of the best parameters (refit on the training"
          + " split): %.4f%n", testScore);
    }
    out.println("Wrote " + dir.resolve("summary.json") + " and " + dir.resolve("trials.csv"));
  }
}
