package io.sparktune.bench;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
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
 * with 2 job slots: no pruning, ASHA with promotion, the stopping variant (SuccessiveHalving
 * pruner) and the Median pruner. Same random sampler seed, so every variant sees the same
 * parameter sequence. Reports epochs trained, best validation accuracy and wall time, and writes
 * a Markdown table to {@code target/bench-nn.md}.
 *
 * <pre>mvn -B test -Pbench -Dtest=NnPruningBench [-Dbench.trials=50 -Dbench.epochs=9
 *     -Dbench.train=1000 -Dbench.iters=2 -Dbench.seed=1]</pre>
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
      int pruned, int failed, int trials) {}

  @Test
  void variants() throws Exception {
    int trials = Integer.getInteger("bench.trials", 50);
    int epochs = Integer.getInteger("bench.epochs", 9);
    int train = Integer.getInteger("bench.train", 1000);
    int iters = Integer.getInteger("bench.iters", 2);
    long seed = Long.getLong("bench.seed", 1L);
    String only = System.getProperty("bench.variants", "none,asha,sha,median");
    MlpTask task = MlpTask.split(SharedSpark.session(), MnistIdx.bundledTrain(),
        MnistIdx.bundledTest(), 0.2, train, seed);
    MlpObjective objective = new MlpObjective(task, SPACE, iters, seed);
    List<Row> rows = new ArrayList<>();
    for (String v : only.split(",")) {
      rows.add(run(v, objective, trials, epochs, seed));
      System.out.println("BENCH " + rows.get(rows.size() - 1));
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "%d trials, %d epochs of %d iterations, %d training images, seed %d, local[2,2], 2 slots"
            + "%n%n| variant | epochs trained | share of no pruning | best validation accuracy"
            + " | wall s | complete / pruned / failed |%n|---|---|---|---|---|---|%n",
        trials, epochs, iters, train, seed));
    long full = (long) trials * epochs;
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.0f%% | %.4f | %.0f | %d / %d / %d |%n",
          r.variant(), r.epochs(), 100.0 * r.epochs() / full, r.best(), r.wall(), r.complete(),
          r.pruned(), r.failed()));
    }
    System.out.println(md);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/bench-nn-" + seed + ".md"), md.toString());
  }

  private static Row run(String variant, MlpObjective objective, int trials, int epochs,
      long seed) {
    Pruner pruner = switch (variant) {
      case "sha" -> new SuccessiveHalvingPruner(1, 3, 0, 0);
      case "median" -> new MedianPruner();
      default -> new NopPruner();
    };
    Study study = Study.builder().name("nn-" + variant).direction(Direction.MAXIMIZE)
        .sampler(new RandomSampler(seed)).pruner(pruner).build();
    long t0 = System.nanoTime();
    if (variant.equals("asha")) {
      AshaScheduler scheduler = AshaScheduler.builder().minResource(1).maxResource(epochs)
          .reductionFactor(3).direction(Direction.MAXIMIZE)
          .attrWriter(AshaAttrs.Writer.to(study)).build();
      new AshaStudyRunner(study, SharedSpark.session(), scheduler, CheckpointStore.inMemory(),
          new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, trials, 2, null, true,
              Duration.ofSeconds(30))).run(objective, SPACE);
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
    var c = study.stateCounts();
    return new Row(variant, wall, spent, best, c.get(TrialState.COMPLETE),
        c.get(TrialState.PRUNED), c.get(TrialState.FAIL), study.trials().size());
  }
}
