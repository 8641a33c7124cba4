package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.cli.Main;
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
import org.apache.spark.ml.feature.VectorAssembler;
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
 * The seed's 35-point grid with 5-fold CV, side by side in one JVM: sparktune (the digits-forest
 * local engine, and {@code conf/digits-mllib.yaml}: workload.type mllib, the former mllib engine,
 * run by {@code sparktune run}) and MLlib's CrossValidator + ParamGridBuilder on the same rows
 * (the workload's seeded split), all at parallelism 2 on local[2].
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
      results.computeIfAbsent("sparktune conf/digits-mllib.yaml (workload.type mllib)",
          k -> new ArrayList<>()).add(mllibWorkload());
      results.computeIfAbsent("MLlib CrossValidator", k -> new ArrayList<>())
          .add(crossValidator(spark));
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

  /** {@code sparktune run --config conf/digits-mllib.yaml}; its wall includes load and refit. */
  private static Outcome mllibWorkload() throws IOException {
    Path out = Path.of("target/bench/digits-mllib");
    long t0 = System.nanoTime();
    int code = Main.run(new String[] {"run", "--config", "conf/digits-mllib.yaml", "--output",
        out.toString()}, System.out, System.err);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new AssertionError("conf/digits-mllib.yaml exited with " + code);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    return new Outcome(seconds, s.get("bestValue").asDouble(), s.get("bestParams").toString(),
        s.get("testScore").asDouble());
  }

  /** The rows conf/digits-mllib.yaml fits on: the same CSV read, assembly and seeded split. */
  private static Dataset<Row>[] digitsSplit(SparkSession spark) {
    Dataset<Row> all = spark.read().option("inferSchema", "true")
        .csv("src/main/resources/datasets/digits.csv.gz").withColumnRenamed("_c64", "label");
    String[] pixels = Arrays.stream(all.columns()).filter(c -> !c.equals("label"))
        .toArray(String[]::new);
    Dataset<Row>[] split = all.randomSplit(new double[] {0.9, 0.1}, 42);
    VectorAssembler assembler = new VectorAssembler().setInputCols(pixels)
        .setOutputCol("features");
    return new Dataset[] {assembler.transform(split[0]).select("label", "features").cache(),
        assembler.transform(split[1]).select("label", "features").cache()};
  }

  private static Outcome crossValidator(SparkSession spark) {
    Dataset<Row>[] split = digitsSplit(spark);
    Dataset<Row> train = split[0];
    Dataset<Row> test = split[1];
    train.count();
    test.count();
    RandomForestClassifier rf = new RandomForestClassifier().setSeed(42); // as the config's
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
