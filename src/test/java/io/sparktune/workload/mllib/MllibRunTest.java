package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workload.type: mllib} end to end through {@code sparktune run} on the shipped real
 * tables, written at test time in the formats the configs read (Spark's own writers); the saved
 * best model is loaded back and predicts.
 */
@Tag("spark")
final class MllibRunTest {
  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SharedSpark.session();
  }

  /** A shipped table, read with a header and inferred types. */
  static Dataset<Row> csv(String name) {
    return spark.read().option("header", "true").option("inferSchema", "true")
        .csv(Cli.DATASETS.resolve(name).toString());
  }

  private static Cli ok(Cli run) {
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("error:");
    return run;
  }

  /** The share of rows whose {@code predicted} equals {@code truth}. */
  static double accuracy(Dataset<Row> predictions, String truth, String predicted) {
    List<Row> rows = predictions.select(truth, predicted).collectAsList();
    return rows.stream().filter(r -> same(r.get(0), r.get(1))).count() / (double) rows.size();
  }

  /** Equal values; numbers by value ({@code 2} and {@code 2.0}). */
  private static boolean same(Object a, Object b) {
    return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
        : a.equals(b);
  }

  @Test
  void run_breastCancerParquet_stringLabelIndexedFeaturesAssembledAuc() throws IOException {
    Path parquet = dir.resolve("breast_cancer.parquet");
    csv("breast_cancer.csv").write().parquet(parquet.toString());
    Path out = dir.resolve("out");

    Cli run = ok(Cli.run(dir, """
        study: {name: bc, direction: maximize, sampler: random, nTrials: 2, seed: 7}
        workload:
          type: mllib
          estimator: org.apache.spark.ml.classification.LogisticRegression
          params: {maxIter: 30}
          data: {path: %s, format: parquet, label: diagnosis, testFraction: 0.25}
          evaluator: {type: binary, metric: areaUnderROC, metrics: [areaUnderPR]}
          validation: {folds: 2}
        space:
          regParam: {type: float, low: 1.0e-4, high: 1.0e-2, log: true}
          elasticNetParam: {type: float, low: 0.0, high: 1.0}
        output: %s
        """.formatted(parquet, out)));

    assertThat(run.out()).contains("Indexing the string label diagnosis for the binary"
        + " evaluator (StringIndexer, most frequent first): benign -> 0, malignant -> 1")
        .contains("30 feature columns assembled into features")
        .contains("mllib (LogisticRegression, binary areaUnderROC, 2-fold CV, stratified)")
        .contains("Wrote " + out.resolve("best-model") + " (PipelineModel: VectorAssembler,"
            + " LogisticRegressionModel, IndexToString)");
    assertThat(run.out().indexOf("Refitting LogisticRegression with the best parameters"))
        .isPositive().isLessThan(run.out().indexOf("Test areaUnderROC of the best parameters"));
    JsonNode s = Cli.summary(out);
    assertThat(s.get("workload").asText()).isEqualTo("mllib");
    assertThat(s.get("metric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testMetric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testScore").asDouble()).isBetween(0.95, 1.0);
    assertThat(s.get("testMetrics").get("areaUnderPR").asDouble()).isBetween(0.9, 1.0);
    assertThat(s.get("labelClasses").toString()).isEqualTo("[\"benign\",\"malignant\"]");
    assertThat(s.get("bestModel").asText()).isEqualTo(out.resolve("best-model").toString());
    assertThat(Files.readString(out.resolve("trials.csv")))
        .startsWith("number,state,value,params_regParam,params_elasticNetParam,");
    assertThat(out.resolve("report.html")).isRegularFile();

    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    Dataset<Row> raw = csv("breast_cancer.csv").drop("diagnosis"); // new rows have no label
    Dataset<Row> predicted = model.transform(raw);
    assertThat(predicted.columns()).contains("prediction", "probability", "predictedLabel");
    assertThat(accuracy(model.transform(csv("breast_cancer.csv")), "diagnosis",
        "predictedLabel")).isGreaterThan(0.93);
  }

  @Test
  void run_diabetesCsvRegression_directionFromRmseAndAshaOnRows() throws IOException {
    Path out = dir.resolve("out");

    Cli run = ok(Cli.run(dir, """
        study: {name: diabetes, sampler: random, nTrials: 4, seed: 3, pruner: asha}
        workload:
          type: mllib
          estimator: LinearRegression
          data:
            path: %s
            options: {header: "true", inferSchema: "true"}
            label: progression
          evaluator: {type: regression, metric: rmse, metrics: [mae, r2]}
          validation: {folds: 2}
          budget: {resource: rows, minResource: 1, maxResource: 4, reductionFactor: 2}
        space:
          regParam: {type: float, low: 1.0e-3, high: 10.0, log: true}
          elasticNetParam: {type: float, low: 0.0, high: 1.0}
        execution: {slots: 2}
        output: %s
        """.formatted(Cli.DATASETS.resolve("diabetes.csv"), out)));

    assertThat(run.out()).contains("Study diabetes: minimize mllib (LinearRegression,"
        + " regression rmse, 2-fold CV)").doesNotContain("Indexing");
    JsonNode s = Cli.summary(out);
    assertThat(s.get("direction").asText()).isEqualTo("minimize");
    assertThat(s.get("metric").asText()).isEqualTo("rmse");
    assertThat(s.get("pruner").asText()).isEqualTo("asha");
    assertThat(s.get("bestValue").asDouble()).isBetween(40.0, 80.0); // rmse on a 25..346 target
    assertThat(s.get("testScore").asDouble()).isBetween(40.0, 80.0);
    assertThat(s.get("testMetrics").get("r2").asDouble()).isBetween(0.2, 0.8);
    assertThat(s.get("labelClasses").isNull()).isTrue();

    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    assertThat(model.stages()[1]).isInstanceOf(LinearRegressionModel.class);
    LinearRegressionModel lr = LinearRegressionModel.load(
        out.resolve("best-model/stages").toFile().listFiles((d, n) -> n.startsWith("1_"))[0]
            .toString());
    assertThat(lr.coefficients().size()).isEqualTo(10);
    Row first = model.transform(csv("diabetes.csv")).select("prediction").first();
    assertThat(first.getDouble(0)).isBetween(25.0, 346.0);
  }

  @Test
  void run_wineJsonMulticlassGrid_integerLabelEveryPointOnce() throws IOException {
    Path json = dir.resolve("wine.json");
    csv("wine.csv").write().json(json.toString());
    Path out = dir.resolve("out");

    Cli run = ok(Cli.run(dir, """
        study: {name: wine, direction: maximize, sampler: grid, nTrials: 10, seed: 5}
        workload:
          type: mllib
          estimator: org.apache.spark.ml.classification.RandomForestClassifier
          params: {seed: 5}
          data: {path: %s, format: json, label: cultivar, testFraction: 0.3}
          evaluator: {type: multiclass, metric: accuracy, metrics: [f1, logLoss]}
          validation: {trainRatio: 0.7}
        space:
          numTrees: {type: int, low: 2, high: 20}
          maxDepth: {type: int, low: 1, high: 6}
        grid:
          numTrees: [3, 12]
          maxDepth: [4]
        output: %s
        """.formatted(json, out)));

    assertThat(run.out()).contains("validation split 0.7").doesNotContain("Indexing");
    JsonNode s = Cli.summary(out);
    assertThat(s.get("nTrials").asInt()).isEqualTo(2);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(s.get("metric").asText()).isEqualTo("accuracy");
    assertThat(s.get("bestValue").asDouble()).isBetween(0.8, 1.0);
    assertThat(s.get("testScore").asDouble()).isBetween(0.8, 1.0);
    assertThat(s.get("testMetrics").get("logLoss").asDouble()).isPositive();
    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    assertThat(accuracy(model.transform(csv("wine.csv")), "cultivar", "prediction"))
        .isGreaterThan(0.85);
  }

  @Test
  void run_savedPipelineFromUri_tunesAStageParamByIndex() throws IOException {
    VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"mean_radius",
        "mean_texture", "worst_area", "worst_concave_points", "worst_smoothness"})
        .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("scaled");
    LogisticRegression lr = new LogisticRegression().setLabelCol("diagnosis")
        .setFeaturesCol("scaled").setMaxIter(20);
    Path saved = dir.resolve("pipeline");
    new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lr}).write()
        .save(saved.toUri().toString());
    Path out = dir.resolve("out");

    Cli run = ok(Cli.run(dir, """
        study: {name: bc-pipe, sampler: tpe, nTrials: 2, seed: 11}
        workload:
          type: mllib
          pipeline: %s
          params: {1.withMean: true}
          data:
            path: %s
            format: csv
            options: {header: "true", inferSchema: "true"}
            label: diagnosis
          evaluator: {type: binary, metric: areaUnderPR}
          validation: {folds: 2, stratified: false}
        space:
          2.regParam: {type: float, low: 1.0e-4, high: 1.0, log: true}
        output: %s
        """.formatted(saved.toUri(), Cli.DATASETS.resolve("breast_cancer.csv"), out)));

    assertThat(run.out()).contains("Loading the pipeline " + saved.toUri())
        .contains("Indexing the string label diagnosis").contains("2 folds (seed 11)");
    JsonNode s = Cli.summary(out);
    assertThat(s.get("pipeline").asText()).isEqualTo(saved.toUri().toString());
    assertThat(s.get("bestParams").fieldNames().next()).isEqualTo("2.regParam");
    assertThat(s.get("testScore").asDouble()).isBetween(0.85, 1.0);
    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    assertThat(model.stages()[0]).isInstanceOf(PipelineModel.class); // the user's, fitted
    assertThat(accuracy(model.transform(csv("breast_cancer.csv")), "diagnosis",
        "predictedLabel")).isGreaterThan(0.85);
  }
}
