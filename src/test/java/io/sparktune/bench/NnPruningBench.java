package io.sparktune.bench;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.AshaStudyRunner;
import io.sparktune.spark.SharedSpark;
import io.sparktune.spark.SparkStudyRunner;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.MlpObjective;
import io.sparktune.workload.MlpTask;
import io.sparktune.workload.MnistIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pruning on the NN workload (MLlib MLP on the bundled MNIST subset), side by side on local[2,2]
 * with 2 job slots: no pruning, ASHA with promotion (default quota {@code ceil_from_eta};
 * {@code asha-floor} and {@code asha-ceil} for the other roundings), the stopping variant
 * (SuccessiveHalving pruner) and the Median pruner. Same random sampler seed, so every variant sees the same
 * parameter sequence. Reports epochs trained, best validation accuracy and wall time, and writes
 * a Markdown table per seed to {@code target/bench-nn-<seed>.md}.
 *
 * <pre>mvn -B test -Pbench -Dtest=NnPruningBench [-Dbench.trials=50 -Dbench.epochs=27
 *     -Dbench.train=500 -Dbench.iters=1 -Dbench.validation=0.2 -Dbench.seeds=1,2,3
 *     -Dbench.variants=none,asha,asha-floor,sha,median]</pre>
 */
@Tag("bench")
final class NnPruningBench {
  private static final SearchSpace SPACE = SearchSpace.builder()
      .add("hidden_layers", IntDistribution.uniform(1, 3))
      .add("units", IntDistribution.logUniform(16, 64))
      .add("solver", new CategoricalDistribution(List.of("l-bfgs", "gd")))
      .add("step_size", FloatDistribution.logUniform(1e-6, 1))
      .add("block_size", new CategoricalDistribution(List.of(32, 64, 128, 256)))
      .add("tol", FloatDistribution.logUniform(1e-8, 1e-3))
      .build();

  private record Row(String variant, double wall, long epochs, double best, int complete,
      int pruned, int failed, int trials, String load) {}

  @Test
  void variants() throws Exception {
    for (String s : System.getProperty("bench.seeds", System.getProperty("bench.seed", "1"))
        .split(",")) {
      runSeed(Long.parseLong(s.trim()));
    }
  }

  private static void runSeed(long seed) throws Exception {
    int trials = Integer.getInteger("bench.trials", 50);
    int epochs = Integer.getInteger("bench.epochs", 27);
    int train = Integer.getInteger("bench.train", 500);
    int iters = Integer.getInteger("bench.iters", 1);
    double validation = Double.parseDouble(System.getProperty("bench.validation", "0.2"));
    String only = System.getProperty("bench.variants", "none,asha,sha,median");
    MlpTask task = MlpTask.split(SharedSpark.session(), MnistIdx.bundledTrain(),
        MnistIdx.bundledTest(), validation, train, seed);
    MlpObjective objective = new MlpObjective(task, SPACE, iters, seed);
    List<Row> rows = new ArrayList<>();
    for (String v : only.split(",")) {
      rows.add(run(v, objective, trials, epochs, seed));
      System.out.println("BENCH " + rows.get(rows.size() - 1));
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "%d trials, %d epochs of %d iterations, %d training images, seed %d, local[2,2], 2 slots,"
            + " first rung %d epoch(s), eta %d"
            + "%n%n| variant | epochs trained | share of no pruning | best validation accuracy"
            + " | gap to none (points) | wall s | wall vs none | complete / pruned / failed"
            + " | load average (1/5/15 min) at the end |%n|---|---|---|---|---|---|---|---|---|%n",
        trials, epochs, iters, train, seed, minResource(), eta()));
    long full = (long) trials * epochs;
    Row none = rows.stream().filter(r -> r.variant().equals("none")).findFirst().orElse(null);
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT,
          "| %s | %d | %.1f%% | %.4f | %s | %.0f | %s | %d / %d / %d | %s |%n",
          r.variant(), r.epochs(), 100.0 * r.epochs() / full, r.best(),
          none == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * (none.best() - r.best())),
          r.wall(), none == null ? "-" : String.format(Locale.ROOT, "%.2f", r.wall() / none.wall()),
          r.complete(), r.pruned(), r.failed(), r.load()));
    }
    System.out.println(md);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/bench-nn-" + seed + "-r" + minResource() + "-eta" + eta()
        + ".md"),
        md.toString());
  }

  private static Row run(String variant, MlpObjective objective, int trials, int epochs,
      long seed) {
    Pruner pruner = switch (variant) {
      case "sha" -> new SuccessiveHalvingPruner(minResource(), eta(), 0, 0);
      case "median" -> new MedianPruner();
      default -> new NopPruner();
    };
    Study study = Study.builder().name("nn-" + variant).direction(Direction.MAXIMIZE)
        .sampler(new RandomSampler(seed)).pruner(pruner).build();
    long t0 = System.nanoTime();
    if (variant.startsWith("asha")) {
      // asha: the default quota (ceil_from_eta); asha-floor, asha-ceil: the other roundings
      PromotionQuota quota = variant.equals("asha") ? PromotionQuota.CEIL_FROM_ETA
          : PromotionQuota.parse("variant", variant.substring("asha-".length()));
      AshaScheduler scheduler = AshaScheduler.builder().minResource(minResource())
          .maxResource(epochs).promotionQuota(quota)
          .reductionFactor(eta()).direction(Direction.MAXIMIZE)
          .attrWriter(AshaAttrs.Writer.to(study)).build();
      new AshaStudyRunner(study, SharedSpark.session(), scheduler, CheckpointStore.inMemory(),
          new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, trials, 2, null, true,
              Duration.ofSeconds(30), false)).run(objective, SPACE);
    } else {
      new SparkStudyRunner(study, SharedSpark.session(), new SparkStudyRunner.Options(
          SparkStudyRunner.Mode.JOBS, SparkStudyRunner.Loop.ASYNC, trials, null, null, 1, 2, 0,
          Duration.ofSeconds(30))).run(objective.stopping(epochs), SPACE);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long spent = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (FrozenTrial t : study.trials()) {
      if (!t.intermediateValues().isEmpty()) {
        spent += t.intermediateValues().lastKey();
        // best validation accuracy seen at the full budget
        Double atFull = t.intermediateValues().get(epochs);
        if (atFull != null) {
          best = Math.max(best, atFull);
        }
      }
    }
    writeCurves(study, variant, seed);
    var c = study.stateCounts();
    return new Row(variant, wall, spent, best, c.get(TrialState.COMPLETE),
        c.get(TrialState.PRUNED), c.get(TrialState.FAIL), study.trials().size(), loadAverage());
  }

  /**
   * Writes every trial's learning curve to {@code target/bench-nn-curves-<seed>-<variant>.csv}
   * (trial, epoch, validation accuracy, the trial's wall seconds, its parameters), so that
   * scheduler policies can be replayed offline on the exact curves ({@code AshaReplay}).
   */
  private static void writeCurves(Study study, String variant, long seed) {
    StringBuilder csv = new StringBuilder("trial,epoch,value,trial_seconds,params\n");
    for (FrozenTrial t : study.trials()) {
      double secs = t.duration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
      t.intermediateValues().forEach((step, v) -> csv.append(String.format(Locale.ROOT,
          "%d,%d,%s,%.3f,\"%s\"%n", t.number(), step, v, secs, t.params())));
    }
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/bench-nn-curves-" + seed + "-" + variant + ".csv"),
          csv.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The first rung of ASHA and of the stopping variant, in epochs ({@code bench.minResource}). */
  private static int minResource() {
    return Integer.getInteger("bench.minResource", 1);
  }

  /** η of ASHA and of the stopping variant ({@code bench.eta}). */
  private static int eta() {
    return Integer.getInteger("bench.eta", 3);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (Exception e) {
      return "n/a";
    }
  }
}
