package io.sparktune.cli;

import io.sparktune.pruner.HyperbandPruner;
import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.PercentilePruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.sampler.GridSampler;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Budget;
import io.sparktune.workload.Prepared;
import io.sparktune.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run pipeline, the same for every workload: opens the storage, checks a stored study against
 * the config, recovers a dead driver's trials, prepares the workload, scores its baseline, runs
 * the trials ({@link StudyExecution}), scores the best parameters on the test data (and saves
 * the workload's model of them as {@code best-model}), and writes summary.json, trials.csv and
 * report.html into the output directory.
 *
 * <p>{@code sparktune run} calls it; so can a user's own {@code main}:
 *
 * <pre>{@code
 * JobConfig config = ConfigLoader.parse(Files.readString(Path.of("tune.yaml")), "tune.yaml",
 *     Workloads.of(new MyObjective()));
 * StudyJob.Result result = StudyJob.run(spark, config, System.out);
 * }</pre>
 *
 * <p>{@code --n-trials} (study.nTrials) is the total the study should reach: the trials stored
 * count toward it, except WAITING ones (not started yet) and those failed because their driver
 * died ("driver lost ..."), which are retried or replaced within the run
 * ({@link JournalStorage#countedTrials}). An ASHA run also promotes the trials left paused when it has
 * no new trial to start.
 */
public final class StudyJob {
  private static final Logger LOG = LoggerFactory.getLogger(StudyJob.class);

  /** The workload's model of the best parameters in the output ({@link Prepared#saveModel}). */
  static final String BEST_MODEL = "best-model";

  private StudyJob() {}

  /**
   * What a run produced.
   *
   * @param studyName the study
   * @param trials every trial of the study at the end
   * @param bestTrial the best trial, or null if none completed
   * @param testScore the best parameters' test score, or NaN (none completed, or no test data)
   * @param summary what summary.json holds
   */
  public record Result(String studyName, List<FrozenTrial> trials, FrozenTrial bestTrial,
      double testScore, Map<String, Object> summary) {
    public Result {
      trials = List.copyOf(trials);
    }
  }

  /** Runs the study {@code config} describes on {@code spark}; prints progress to {@code out}. */
  public static Result run(SparkSession spark, JobConfig config, PrintStream out) {
    return run(spark, config, null, out);
  }

  /** As {@link #run(SparkSession, JobConfig, PrintStream)}, and the Spark trials table. */
  static Result run(SparkSession spark, JobConfig config, String trialsFormat, PrintStream out) {
    long t0 = System.nanoTime();
    JobConfig.StudySection s = config.study();
    JobConfig.ExecutionSection x = config.execution();
    Workload workload = config.workload();
    AppAttempt attempt = AppAttempt.of(spark);
    attempt.checkPaths(config);
    OutputDir dir = OutputDir.of("output", config.output());
    Storage storage = StudyStore.open(config.storage());
    try {
      StudyStore.checkCompatible(storage, s.name(), s.direction(), config.space());
      Optional<Budget> budget = workload.budget();
      Study study = Study.builder().name(s.name()).direction(s.direction())
          .sampler(sampler(config)).pruner(pruner(s, budget)).storage(storage)
          .loadIfExists(true).build();
      boolean asha = s.pruner().equals("asha");
      int retried = recover(study, storage, attempt, asha, x, out);
      int existing = JournalStorage.countedTrials(study.trials());
      int toRun = Math.max(0, s.nTrials() - existing); // WAITING retries run first, within it
      if (existing > 0) {
        out.printf(Locale.ROOT, "Resuming study %s from %s: %d trials stored, %d to run (%d"
            + " retried after a lost driver)%n", s.name(), config.storage(), existing, toRun,
            retried);
      }
      String mode = config.mode();
      Prepared prepared = workload.prepare(spark, mode, out);
      if (asha && prepared.resumable() == null) {
        throw Fields.error("study.pruner must be one of [none, median, percentile, sha,"
            + " hyperband] when the workload %s gives no resumable objective, but got 'asha'",
            workload.type());
      }
      Map<String, Object> baseline = baseline(prepared, out);
      Map<String, Object> execution;
      if (toRun == 0 && !asha) {
        out.printf(Locale.ROOT, "Study %s already has %d trials (--n-trials %d): nothing to"
            + " run%n", s.name(), existing, s.nTrials());
        execution = new LinkedHashMap<>(Map.of("mode", mode));
      } else {
        String intro = String.format(Locale.ROOT, "Study %s: %s %s with the %s sampler%s",
            s.name(), s.direction(), workload.describe(), s.sampler(),
            s.pruner().equals("none") ? "" : " and the " + s.pruner() + " pruner");
        execution = StudyExecution.run(study, spark, prepared.objective(), prepared.resumable(),
            new StudyExecution.Plan(mode, toRun, seconds(s.timeoutSeconds()),
                seconds(s.trialTimeoutSeconds()), s.parallelism(), x, asha ? budget.get() : null,
                dir.uri("checkpoints/" + s.name()), config.storage() != null, config.storage(),
                config.space(), intro, spark.sparkContext().master()), out);
      }

      List<FrozenTrial> trials = study.trials();
      FrozenTrial best = study.findBestTrial().orElse(null);
      Prepared.Score score = null;
      if (best != null && prepared.refit() != null) {
        out.println("Scoring the best parameters on the test data (" + prepared.refit() + ") ...");
        score = prepared.score(best.params());
      }
      String model = score == null ? null : prepared.saveModel(dir.uri(BEST_MODEL));
      double testScore = score == null ? Double.NaN : score.test();
      List<String> notes = prepared.notes(trials);
      double wall = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> summary = summary(config, study, trials, best, testScore, wall,
          spark.sparkContext().master(), notes, prepared);
      summary.putAll(baseline);
      if (!baseline.isEmpty() && score != null) {
        summary.put("gainOverDefaults", testScore - (double) baseline.get("defaultTestScore"));
      }
      summary.put("execution", execution);
      if (attempt.attempt() > 0) { // the YARN attempt of the driver that finished the study
        summary.put("appId", attempt.appId());
        summary.put("appAttempt", attempt.attempt());
      }
      if (model != null) {
        summary.put("bestModel", dir.show(BEST_MODEL));
      }
      storage.flush(); // the last finish is on the device before the summary says it is done
      try {
        Outputs.writeSummary(dir, summary);
        Outputs.writeTrials(dir, trials);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the outputs to " + dir, e);
      }
      print(out, trials, study, best, score, baseline, wall, notes, prepared, dir);
      if (model != null) {
        out.println("Wrote " + dir.show(BEST_MODEL) + " (" + model + ")");
      }
      ReportJob.writeReport(trials, study.direction(), study.studyName(), dir, out);
      ReportJob.writeTrialsTable(spark, trialsFormat, trials, dir, out);
      return new Result(study.studyName(), trials, best, testScore, summary);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage() == null ? "the workload failed"
          : e.getMessage(), e);
    } finally {
      storage.close();
    }
  }

  /**
   * Fails the trials a dead driver left RUNNING and enqueues them again; returns how many. A
   * later attempt of a YARN application knows the earlier driver is dead: it fails every trial
   * silent since before this driver started, at once; otherwise a trial must have sent no
   * heartbeat for {@code execution.staleAfterSeconds}. ASHA keeps its paused trials RUNNING
   * between drivers and resumes them itself; a restart fails (and retries) only those that had not
   * reached a rung.
   */
  private static int recover(Study study, Storage storage, AppAttempt attempt, boolean asha,
      JobConfig.ExecutionSection x, PrintStream out) {
    String line = attempt.describe();
    if (line != null) {
      out.println(line);
      LOG.info(line);
    }
    if (attempt.restarted() && storage.heartbeats().isEmpty()) {
      out.println("Warning: no --storage, so attempt " + attempt.attempt() + " runs the whole"
          + " study again");
    }
    if (asha) {
      return attempt.restarted() && storage.heartbeats().isPresent()
          ? StudyStore.recoverAshaTrials(study, attempt.attempt(), x.maxRetries()) : 0;
    }
    Duration grace = attempt.restarted() ? attempt.sinceStart(java.time.Instant.now())
        : seconds(x.staleAfterSeconds());
    return StudyStore.recoverLostTrials(storage, study.studyId(), grace, x.maxRetries());
  }

  /** summary.json's default* keys of the workload's baseline, after scoring it; or none. */
  private static Map<String, Object> baseline(Prepared prepared, PrintStream out)
      throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<Map<String, Object>> params = prepared.baseline();
    if (params.isEmpty() || prepared.refit() == null) {
      return m;
    }
    out.println("Scoring the default configuration " + params.get() + " ("
        + prepared.refit() + ") ...");
    Prepared.Score b = prepared.score(params.get());
    out.printf(Locale.ROOT, "Default configuration %s: %s %.4f, test %s %.4f%n", params.get(),
        prepared.valueName(), b.validation(), prepared.testMetric(), b.test());
    m.put("defaultParams", params.get());
    m.put("defaultValidationScore", Double.isNaN(b.validation()) ? null : b.validation());
    m.put("defaultTestScore", b.test());
    return m;
  }

  private static Duration seconds(Double s) {
    return s == null ? null : Duration.ofMillis((long) (s * 1000));
  }

  static Sampler sampler(JobConfig config) {
    long seed = config.study().seed();
    return switch (config.study().sampler()) {
      case "grid" -> new GridSampler(config.grid(), seed);
      case "random" -> new RandomSampler(seed);
      case "tpe" -> TpeSampler.builder().seed(seed).build();
      default -> throw new AssertionError(config.study().sampler());
    };
  }

  /**
   * The study's pruner; asha prunes nothing itself (its runner pauses and promotes). Median and
   * percentile take {@code study.prunerStartupTrials} and {@code study.prunerWarmupSteps}, check
   * every step and need one completed trial at the step (Optuna's defaults).
   */
  static Pruner pruner(JobConfig.StudySection s, Optional<Budget> budget) {
    return switch (s.pruner()) {
      case "none", "asha" -> new NopPruner();
      case "median" -> new MedianPruner(s.prunerStartupTrials(), s.prunerWarmupSteps(), 1, 1);
      case "percentile" -> new PercentilePruner(s.prunerPercentile(), s.prunerStartupTrials(),
          s.prunerWarmupSteps(), 1, 1);
      case "sha" -> new SuccessiveHalvingPruner(budget.get().minResource(),
          budget.get().reductionFactor(), 0, 0);
      case "hyperband" -> new HyperbandPruner(budget.get().minResource(),
          budget.get().maxResource(), budget.get().reductionFactor(), 0);
      default -> throw new AssertionError(s.pruner());
    };
  }

  private static Map<String, Object> summary(JobConfig config, Study study,
      List<FrozenTrial> trials, FrozenTrial best, double testScore, double wall, String master,
      List<String> notes, Prepared prepared) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("study", study.studyName());
    m.put("direction", study.direction().toString());
    m.put("sampler", config.study().sampler());
    m.put("pruner", config.study().pruner());
    if (ConfigLoader.PERCENTILE_PRUNERS.contains(config.study().pruner())) {
      Map<String, Object> settings = new LinkedHashMap<>();
      if (config.study().pruner().equals("percentile")) {
        settings.put("percentile", config.study().prunerPercentile());
      }
      settings.put("warmupSteps", config.study().prunerWarmupSteps());
      settings.put("startupTrials", config.study().prunerStartupTrials());
      m.put("prunerSettings", settings);
    }
    m.put("seed", config.study().seed());
    m.put("workload", config.workload().type());
    Map<String, Integer> counts = new LinkedHashMap<>();
    study.stateCounts().forEach((k, v) -> counts.put(k.name(), v));
    m.put("counts", counts);
    m.put("nTrials", trials.size());
    prepared.summarize(m, trials);
    m.put("bestTrial", best == null ? null : best.number());
    m.put("bestValue", best == null ? null : best.value());
    m.put("bestParams", best == null ? null : best.params());
    m.put("testScore", Double.isNaN(testScore) ? null : testScore);
    m.put("testMetric", prepared.testMetric());
    m.put("wallSeconds", Math.round(wall * 1000) / 1000.0);
    m.put("sparkMaster", master);
    m.put("storage", config.storage());
    m.put("notes", notes);
    return m;
  }

  private static void print(PrintStream out, List<FrozenTrial> trials, Study study,
      FrozenTrial best, Prepared.Score score, Map<String, Object> baseline, double wall,
      List<String> notes, Prepared prepared, OutputDir dir) {
    Map<TrialState, Integer> c = study.stateCounts();
    out.printf(Locale.ROOT, "Finished %d trials in %.1f s: %d complete, %d pruned, %d failed%n",
        trials.size(), wall, c.get(TrialState.COMPLETE), c.get(TrialState.PRUNED),
        c.get(TrialState.FAIL));
    notes.forEach(n -> out.println("Note: " + n));
    if (best == null) {
      out.println("No trial completed; see trials.csv for the failures.");
      LOG.error("no trial of study '{}' completed", study.studyName());
    } else {
      out.printf(Locale.ROOT, "Best trial %d: %s %.4f with %s%n", best.number(),
          prepared.valueName(), best.value(), best.params());
    }
    if (score != null) {
      String gain = baseline.isEmpty() ? "" : String.format(Locale.ROOT,
          ", %+.4f over the defaults (%.4f)", score.test() - (double) baseline.get(
              "defaultTestScore"), (double) baseline.get("defaultTestScore"));
      out.printf(Locale.ROOT, "Test %s of the best parameters (%s): %.4f%s%n",
          prepared.testMetric(), prepared.refit(), score.test(), gain);
    }
    out.println("Wrote " + dir.show("summary.json") + " and " + dir.show("trials.csv"));
  }
}
