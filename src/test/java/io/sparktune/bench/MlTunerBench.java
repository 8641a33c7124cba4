package io.sparktune.bench;

import io.sparktune.ml.SparkTuner;
import io.sparktune.ml.SparkTunerModel;
import io.sparktune.spark.SharedSpark;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #16's benchmark, side by side in one JVM on local[2] at parallelism 2: a random-forest
 * Pipeline on a
 * generated 500,000-row classification table, a 27-point grid, 3 folds (a fold column, so every
 * system scores the same folds). MLlib's CrossValidator over the grid, then SparkTuner with TPE and
 * the median pruner over the same grid as a space, then SparkTuner with TPE and ASHA on row
 * fractions (1/9, 1/3, 1). For each: wall time, best CV AUC, and the time until its first trial
 * reached CrossValidator's best AUC within 0.002 (CrossValidator: its wall time); the ratios are to
 * CrossValidator's wall time. Writes {@code target/ml-tuner-bench.txt}.
 *
 * <pre>mvn -B test -Pbench -Dtest=MlTunerBench [-Dbench.rows=500000] [-Dbench.tpeTrials=12]
 *     [-Dbench.ashaTrials=15]</pre>
 */
@Tag("bench")
final class MlTunerBench {
  private static final double WITHIN = 0.002;

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  /** Eight Gaussian features, a nonlinear logit, 10% label noise; fold = id mod 3. */
  static Dataset<Row> table(SparkSession spark, long rows) {
    Dataset<Row> d = spark.range(rows).toDF().repartition(2);
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("id"));
    for (int i = 0; i < 8; i++) {
      cols.add(functions.randn(100 + i).alias("x" + i));
    }
    cols.add(functions.rand(99).alias("u"));
    d = d.select(cols.toArray(new Column[0]));
    Column z = functions.col("x0").multiply(1.5).minus(functions.col("x1"))
        .plus(functions.col("x2").multiply(functions.col("x3")))
        .plus(functions.sin(functions.col("x4").multiply(2)))
        .plus(functions.col("x5").multiply(functions.col("x5")).multiply(0.5)).minus(0.5);
    Column clean = functions.when(z.gt(0), 1.0).otherwise(0.0);
    Column label = functions.when(functions.col("u").lt(0.1), functions.lit(1.0).minus(clean))
        .otherwise(clean);
    return d.withColumn("label", label)
        .withColumn("fold", functions.col("id").mod(3).cast("int")).drop("u", "id");
  }

  record Result(String system, double seconds, double best, double toTarget, int trials,
      String counts) {}

  @Test
  void gbt27Grid_crossValidatorVsTpeAndAsha() throws IOException {
    SparkSession spark = SharedSpark.session();
    long rows = Long.getLong("bench.rows", 500_000);
    int tpeTrials = Integer.getInteger("bench.tpeTrials", 12);
    int ashaTrials = Integer.getInteger("bench.ashaTrials", 15);
    List<String> out = new ArrayList<>();
    out.add("load before: " + load());
    Dataset<Row> data = table(spark, rows).cache();
    System.out.printf(Locale.ROOT, "Bench: generated %d rows, label mean %.3f%n", data.count(),
        data.agg(functions.avg("label")).first().getDouble(0));
    RandomForestClassifier rf = new RandomForestClassifier().setMaxBins(16).setSeed(1);
    String[] features = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"};
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(features).setOutputCol("features"), rf});
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(rf.maxDepth(), new int[] {3, 6, 9})
        .addGrid(rf.numTrees(), new int[] {5, 10, 20})
        .addGrid(rf.minInstancesPerNode(), new int[] {1, 50, 500}).build();
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();

    System.out.println("Bench: CrossValidator over the 27-point grid, 3 folds, parallelism 2");
    long t0 = System.nanoTime();
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEvaluator(auc)
        .setEstimatorParamMaps(grid).setNumFolds(3).setFoldCol("fold").setParallelism(2)
        .fit(data);
    double cvSeconds = (System.nanoTime() - t0) / 1e9;
    double cvBest = java.util.Arrays.stream(cv.avgMetrics()).max().orElseThrow();
    List<Result> results = new ArrayList<>();
    results.add(new Result("CrossValidator (grid, 27 x 3 fits)", cvSeconds, cvBest, cvSeconds,
        grid.length, "27 complete"));
    out.add("load after CrossValidator: " + load());
    write(out, results, rows, cvBest, cvSeconds);

    System.out.println("Bench: SparkTuner TPE + median fold pruning over the same grid");
    results.add(tuner("SparkTuner TPE + median pruning", new SparkTuner().setEstimator(pipeline)
        .setEvaluator(auc).setEstimatorParamMaps(grid).setSampler("tpe").setPruner("median")
        .setPrunerStartupTrials(3).setNumTrials(tpeTrials).setNumFolds(3).setFoldCol("fold")
        .setParallelism(2).setSeed(7), data, cvBest));
    out.add("load after TPE: " + load());
    write(out, results, rows, cvBest, cvSeconds);

    System.out.println("Bench: SparkTuner TPE + ASHA on row fractions 1/9, 1/3, 1");
    results.add(tuner("SparkTuner TPE + ASHA (rows 1/9..1, eta 3)", new SparkTuner()
        .setEstimator(pipeline).setEvaluator(auc).setEstimatorParamMaps(grid).setSampler("tpe")
        .setPruner("asha").setBudget("rows").setMinResource(1).setMaxResource(9)
        .setReductionFactor(3).setNumTrials(ashaTrials).setNumFolds(3).setFoldCol("fold")
        .setParallelism(2).setSeed(7), data, cvBest));
    out.add("load after ASHA: " + load());
    write(out, results, rows, cvBest, cvSeconds).forEach(System.out::println);
  }

  private static List<String> write(List<String> log, List<Result> results, long rows,
      double cvBest, double cvSeconds) throws IOException {
    List<String> out = new ArrayList<>(log);
    out.add(String.format(Locale.ROOT, "rows %d, grid 27, 3 folds, parallelism 2, target %.4f"
        + " (CrossValidator's best %.4f - %.3f)", rows, cvBest - WITHIN, cvBest, WITHIN));
    out.add("| system | wall s | best CV AUC | time to target s | ratio to CV wall | trials |");
    out.add("|---|---|---|---|---|---|");
    for (Result r : results) {
      out.add(String.format(Locale.ROOT, "| %s | %.1f | %.4f | %s | %s | %d (%s) |", r.system(),
          r.seconds(), r.best(), Double.isNaN(r.toTarget()) ? "not reached"
              : String.format(Locale.ROOT, "%.1f", r.toTarget()),
          Double.isNaN(r.toTarget()) ? "-"
              : String.format(Locale.ROOT, "%.3fx", r.toTarget() / cvSeconds),
          r.trials(), r.counts()));
    }
    Files.write(Path.of("target", "ml-tuner-bench.txt"), out, StandardCharsets.UTF_8);
    return out;
  }

  private static Result tuner(String name, SparkTuner tuner, Dataset<Row> data, double cvBest) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    SparkTunerModel m = tuner.fit(data);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double toTarget = Double.NaN;
    for (FrozenTrial t : m.study().trials()) {
      if (t.state() == TrialState.COMPLETE && t.value() >= cvBest - WITHIN) {
        double s = (t.datetimeComplete().toEpochMilli() - start.toEpochMilli()) / 1000.0;
        toTarget = Double.isNaN(toTarget) ? s : Math.min(toTarget, s);
      }
    }
    return new Result(name, seconds, m.bestTrial().value(), toTarget,
        m.study().trials().size(), m.study().stateCounts().toString());
  }
}
