package io.sparktune.bench;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.GridSampler;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.SharedSpark;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.ForestEngine;
import io.sparktune.workload.ForestObjective;
import io.sparktune.workload.ForestTask;
import io.sparktune.workload.MllibForestEngine;
import io.sparktune.workload.TribuoForestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's 35-point grid with 5-fold CV, side by side in one JVM: sparktune (local engine,
 * mllib engine) and MLlib's CrossValidator + ParamGridBuilder, all at parallelism 2 on local[2].
 * {@code -Dbench.reps=N} repeats each system N times (interleaved) and reports medians.
 *
 * <pre>mvn -B test -Pbench -Dtest=DigitsGridBench [-Dbench.reps=3]</pre>
 */
@Tag("bench")
final class DigitsGridBench {
  private static final List<Object> TREES = List.of(1, 5, 10, 20, 50, 100, 200);
  private static final List<Object> DEPTHS = List.of(1, 5, 10, 20, 100);

  record Outcome(double seconds, double bestCv, String best, double test) {}

  @Test
  void grid35_sparktuneVsCrossValidator() throws IOException {
    int reps = Integer.getInteger("bench.reps", 1);
    SparkSession spark = SharedSpark.session();
    ForestTask task = ForestTask.split(Datasets.digits(), 0.1, 5, 42);
    Map<String, List<Outcome>> results = new LinkedHashMap<>();
    for (int r = 0; r < reps; r++) {
      results.computeIfAbsent("sparktune local engine (Tribuo)", k -> new ArrayList<>())
          .add(sparktune(new TribuoForestEngine(task)));
      results.computeIfAbsent("sparktune mllib engine", k -> new ArrayList<>())
          .add(sparktune(new MllibForestEngine(spark, task)));
      results.computeIfAbsent("MLlib CrossValidator", k -> new ArrayList<>())
          .add(crossValidator(spark, task));
    }
    double baseline = median(results.get("MLlib CrossValidator"));
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "| system | wall s (median of %d) | ratio to "
        + "CrossValidator | best CV accuracy | best params | test accuracy |%n", reps));
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    results.forEach((name, list) -> {
      Outcome last = list.get(list.size() - 1);
      double m = median(list);
      md.append(String.format(Locale.ROOT, "| %s | %.1f (%s) | %.2fx | %.4f | %s | %.4f |%n",
          name, m, list.stream().map(o -> String.format(Locale.ROOT, "%.1f", o.seconds()))
              .toList(), m / baseline, last.bestCv(), last.best(), last.test()));
    });
    System.out.println(md);
    Path out = Path.of("target/bench/digits-grid.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  static double median(List<Outcome> xs) {
    double[] s = xs.stream().mapToDouble(Outcome::seconds).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static Outcome sparktune(ForestEngine engine) {
    SearchSpace space = SearchSpace.builder()
        .add("n_estimators", IntDistribution.logUniform(1, 200))
        .add("max_depth", IntDistribution.logUniform(1, 100)).build();
    ForestObjective objective = new ForestObjective(engine, space, 5, 42);
    long t0 = System.nanoTime();
    Study study = Study.builder().direction(Direction.MAXIMIZE).pruner(new NopPruner())
        .sampler(new GridSampler(Map.of("n_estimators", TREES, "max_depth", DEPTHS), 42))
        .build();
    study.optimize(objective, OptimizeOptions.builder().nTrials(35).parallelism(2).build());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (study.trials().size() != 35) {
      throw new AssertionError("expected 35 trials, got " + study.trials().size());
    }
    double test = engine.testAccuracy(objective.params(new FixedTrial(study.bestParams())));
    return new Outcome(seconds, study.bestValue(), study.bestParams().toString(), test);
  }

  private static Outcome crossValidator(SparkSession spark, ForestTask task) {
    Dataset<Row> train = MllibForestEngine.toFrame(spark, task.train(), null).cache();
    Dataset<Row> test = MllibForestEngine.toFrame(spark, task.test(), null).cache();
    train.count();
    test.count();
    RandomForestClassifier rf = new RandomForestClassifier().setSeed(42);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(rf.numTrees(), new int[] {1, 5, 10, 20, 50, 100, 200})
        .addGrid(rf.maxDepth(), new int[] {1, 5, 10, 20, 30}) // MLlib's limit is 30
        .build();
    MulticlassClassificationEvaluator acc =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    long t0 = System.nanoTime();
    CrossValidatorModel model = new CrossValidator().setEstimator(rf).setEstimatorParamMaps(grid)
        .setEvaluator(acc).setNumFolds(5).setParallelism(2).setSeed(42).fit(train);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] metrics = model.avgMetrics();
    int best = 0;
    for (int i = 1; i < metrics.length; i++) {
      if (metrics[i] > metrics[best]) {
        best = i;
      }
    }
    double testAcc = acc.evaluate(model.transform(test));
    ParamMap p = grid[best];
    String params = "{n_estimators=" + p.apply(rf.numTrees()) + ", max_depth="
        + p.apply(rf.maxDepth()) + "}";
    return new Outcome(seconds, Arrays.stream(metrics).max().orElseThrow(), params, testAcc);
  }
}
