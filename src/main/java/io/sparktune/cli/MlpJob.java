package io.sparktune.cli;

import io.sparktune.pruner.HyperbandPruner;
import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.spark.AshaStudyRunner;
import io.sparktune.spark.HadoopCheckpointStore;
import io.sparktune.spark.SparkSessions;
import io.sparktune.spark.SparkStudyRunner;
import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.LabeledData;
import io.sparktune.workload.MlpObjective;
import io.sparktune.workload.MlpTask;
import io.sparktune.workload.MnistIdx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run} verb for the {@code mnist-mlp} workload: trains the default configuration and
 * records its test accuracy, runs the study (ASHA with promotion on {@link AshaStudyRunner}, or the
 * stopping pruners through {@link SparkStudyRunner}), then trains the best parameters from scratch
 * and reports their test accuracy and the gain over the defaults.
 */
final class MlpJob {
  private static final Logger LOG = LoggerFactory.getLogger(MlpJob.class);

  private MlpJob() {}

  static RunJob.Result run(JobConfig config, PrintStream out) {
    long t0 = System.nanoTime();
    JobConfig.StudySection s = config.study();
    JobConfig.MlpSection m = config.mlp();
    MlpConfig.checkMode(config.execution().mode());
    if (s.direction() != Direction.MAXIMIZE) {
      throw Fields.error("study.direction must be maximize for mnist-mlp (validation accuracy),"
          + " but got %s", s.direction());
    }
    SparkSession spark = SparkSessions.getOrCreate("sparktune " + s.name(), config.master());
    MlpTask task = MlpTask.split(spark, trainImages(m.data()), testImages(m.data()),
        m.validationFraction(), m.maxTrain(), s.seed());
    MlpObjective objective =
        new MlpObjective(task, config.space(), m.itersPerEpoch(), s.seed());
    MlpObjective.Scores defaults;
    try {
      defaults = new MlpObjective(task, MlpObjective.defaultSpace(), m.itersPerEpoch(), s.seed())
          .score(MlpObjective.defaults(), m.epochs());
    } catch (Exception e) {
      throw new IllegalStateException("the default configuration failed to train", e);
    }
    out.printf(Locale.ROOT, "Default configuration %s: validation accuracy %.4f, test accuracy"
        + " %.4f after %d epochs%n", MlpObjective.defaults(), defaults.validation(),
        defaults.test(), m.epochs());

    Storage storage = StudyStore.open(config.storage());
    StudyStore.checkCompatible(storage, s.name(), s.direction(), config.space());
    boolean asha = s.pruner().equals("asha");
    Study study = Study.builder().name(s.name()).direction(s.direction())
        .sampler(RunJob.sampler(config)).pruner(pruner(s.pruner(), m)).storage(storage)
        .loadIfExists(true).build();
    JobConfig.ExecutionSection x = config.execution();
    int retried = asha ? 0 : StudyStore.recoverLostTrials(storage, study.studyId(),
        Duration.ofMillis((long) (x.staleAfterSeconds() * 1000)), x.maxRetries());
    int existing = (int) study.trials().stream()
        .filter(t -> t.state() != TrialState.WAITING).count();
    int toRun = Math.max(0, s.nTrials() - existing) + retried;
    Duration timeout = s.timeoutSeconds() == null ? null
        : Duration.ofMillis((long) (s.timeoutSeconds() * 1000));
    Duration status = Duration.ofMillis((long) (x.statusIntervalSeconds() * 1000));
    Map<String, Object> execution = new LinkedHashMap<>();
    execution.put("mode", "jobs");
    if (asha) {
      AshaScheduler scheduler = AshaScheduler.builder().minResource(m.minEpochs())
          .maxResource(m.epochs()).reductionFactor(m.reductionFactor())
          .promotionQuota(m.promotionQuota())
          .direction(s.direction()).attrWriter(AshaAttrs.Writer.to(study)).build();
      String root = Path.of(config.output()).toAbsolutePath().resolve("checkpoints")
          .resolve(s.name()).toUri().toString();
      AshaStudyRunner runner = new AshaStudyRunner(study, spark, scheduler,
          new HadoopCheckpointStore(root, spark.sparkContext().hadoopConfiguration()),
          new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, toRun, x.slots(), timeout,
              true, status, config.storage() != null));
      out.printf(Locale.ROOT, "Study %s: ASHA (promotion) over milestones %s epochs, %d new"
          + " trials, %d slots%n", s.name(), scheduler.milestones(), toRun, runner.slots());
      AshaStudyRunner.Report r;
      ScheduledExecutorService beats = heartbeats(storage, runner::heldTrialIds, x);
      try {
        r = runner.run(objective, config.space());
      } finally {
        stop(beats);
      }
      if (r.paused() > 0) {
        out.printf(Locale.ROOT, "%d trials stay paused at a rung in %s: run again with the same"
            + " --storage and --output and a higher --n-trials to promote them%n", r.paused(),
            config.storage());
      }
      execution.put("slots", r.slots());
      execution.put("promotions", r.promotions());
      execution.put("paused", r.paused());
      execution.put("utilization", Math.round(r.utilization() * 1000) / 1000.0);
    } else if (toRun > 0) {
      SparkStudyRunner runner = new SparkStudyRunner(study, spark, new SparkStudyRunner.Options(
          SparkStudyRunner.Mode.JOBS, SparkStudyRunner.Loop.ASYNC, toRun, timeout,
          s.trialTimeoutSeconds() == null ? null
              : Duration.ofMillis((long) (s.trialTimeoutSeconds() * 1000)),
          x.cpusPerTrial(), x.slots(), x.maxRetries(), status));
      out.printf(Locale.ROOT, "Study %s: %s pruner, %d trials of up to %d epochs, %d slots%n",
          s.name(), s.pruner(), toRun, m.epochs(), runner.slots());
      SparkStudyRunner.Report r;
      ScheduledExecutorService beats = heartbeats(storage, study::activeTrialIds, x);
      try {
        r = runner.run(objective.stopping(m.epochs()), config.space());
      } finally {
        stop(beats);
      }
      execution.put("slots", (int) Math.round(r.meanSlots()));
      execution.put("utilization", Math.round(r.utilization() * 1000) / 1000.0);
    }

    FrozenTrial best = study.findBestTrial().orElse(null);
    MlpObjective.Scores bestScores = null;
    if (best != null) {
      try {
        bestScores = objective.score(best.params(), m.epochs());
      } catch (Exception e) {
        throw new IllegalStateException("the best parameters failed to retrain", e);
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> summary = summary(config, study, best, bestScores, defaults, wall,
        spark.sparkContext().master());
    summary.put("execution", execution);
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
    Map<TrialState, Integer> c = study.stateCounts();
    out.printf(Locale.ROOT, "Finished %d trials in %.1f s: %d complete, %d pruned, %d failed;"
            + " %d epochs trained (%d without pruning)%n", study.trials().size(), wall,
        c.get(TrialState.COMPLETE), c.get(TrialState.PRUNED), c.get(TrialState.FAIL),
        summary.get("epochsTrained"), (long) study.trials().size() * m.epochs());
    if (best == null) {
      out.println("No trial completed; see trials.csv for the failures.");
    } else {
      out.printf(Locale.ROOT, "Best trial %d: validation accuracy %.4f with %s%n", best.number(),
          best.value(), best.params());
      out.printf(Locale.ROOT, "Test accuracy of the best parameters (retrained %d epochs): %.4f,"
          + " %+.4f over the defaults (%.4f)%n", m.epochs(), bestScores.test(),
          bestScores.test() - defaults.test(), defaults.test());
    }
    out.println("Wrote " + dir.resolve("summary.json") + " and " + dir.resolve("trials.csv"));
    // Main closes a journal after it wrote the trials table from it.
    return new RunJob.Result(study, best, bestScores == null ? Double.NaN : bestScores.test(),
        summary);
  }

  /**
   * Heartbeats, every {@code execution.heartbeatSeconds}, of the trials {@code held} lists (this
   * driver's running and paused trials), for a journaled study; null for other storages.
   */
  static ScheduledExecutorService heartbeats(Storage storage, Supplier<List<Integer>> held,
      JobConfig.ExecutionSection x) {
    if (!(storage instanceof JournalStorage journal)) {
      return null;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparktune-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, (long) (x.heartbeatSeconds() * 1000));
    timer.scheduleAtFixedRate(() -> {
      try {
        for (int id : held.get()) {
          try {
            journal.recordHeartbeat(id);
          } catch (IllegalStateException finishedMeanwhile) {
            // the trial ended between the listing and the heartbeat
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("heartbeats failed: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return timer;
  }

  private static void stop(ScheduledExecutorService timer) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  static Pruner pruner(String name, JobConfig.MlpSection m) {
    return switch (name) {
      case "none", "asha" -> new NopPruner();
      case "median" -> new MedianPruner();
      case "sha" -> new SuccessiveHalvingPruner(m.minEpochs(), m.reductionFactor(), 0, 0);
      case "hyperband" -> new HyperbandPruner(m.minEpochs(), m.epochs(), m.reductionFactor(), 0);
      default -> throw new AssertionError(name);
    };
  }

  private static LabeledData trainImages(String data) {
    return data.equals("bundled") ? MnistIdx.bundledTrain()
        : MnistIdx.load(idx(data, "train-images-idx3-ubyte"), idx(data, "train-labels-idx1-ubyte"));
  }

  private static LabeledData testImages(String data) {
    return data.equals("bundled") ? MnistIdx.bundledTest()
        : MnistIdx.load(idx(data, "t10k-images-idx3-ubyte"), idx(data, "t10k-labels-idx1-ubyte"));
  }

  private static Path idx(String dir, String name) {
    Path plain = Path.of(dir, name);
    Path gz = Path.of(dir, name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw Fields.error("mlp.data must be 'bundled' or a directory holding %s(.gz), but got '%s'",
        name, dir);
  }

  private static Map<String, Object> summary(JobConfig config, Study study, FrozenTrial best,
      MlpObjective.Scores bestScores, MlpObjective.Scores defaults, double wall, String master) {
    JobConfig.MlpSection m = config.mlp();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("study", study.studyName());
    out.put("direction", study.direction().toString());
    out.put("sampler", config.study().sampler());
    out.put("pruner", config.study().pruner());
    out.put("seed", config.study().seed());
    out.put("workload", config.workload().type());
    out.put("epochs", m.epochs());
    out.put("itersPerEpoch", m.itersPerEpoch());
    Map<String, Integer> counts = new LinkedHashMap<>();
    study.stateCounts().forEach((k, v) -> counts.put(k.name(), v));
    out.put("counts", counts);
    out.put("nTrials", study.trials().size());
    out.put("pruned", counts.get(TrialState.PRUNED.name()));
    long epochs = 0;
    for (FrozenTrial t : study.trials()) {
      epochs += t.intermediateValues().isEmpty() ? 0 : t.intermediateValues().lastKey();
    }
    out.put("epochsTrained", epochs);
    out.put("epochsWithoutPruning", (long) study.trials().size() * m.epochs());
    out.put("defaultParams", MlpObjective.defaults());
    out.put("defaultValidationAccuracy", defaults.validation());
    out.put("defaultTestScore", defaults.test());
    out.put("bestTrial", best == null ? null : best.number());
    out.put("bestValue", best == null ? null : best.value());
    out.put("bestParams", best == null ? null : best.params());
    out.put("testScore", bestScores == null ? null : bestScores.test());
    out.put("gainOverDefaults", bestScores == null ? null : bestScores.test() - defaults.test());
    out.put("testMetric", "accuracy");
    out.put("wallSeconds", Math.round(wall * 1000) / 1000.0);
    out.put("sparkMaster", master);
    out.put("storage", config.storage());
    return out;
  }
}
