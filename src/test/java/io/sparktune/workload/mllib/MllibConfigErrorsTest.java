package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.FloatDistribution;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed {@code workload.type: mllib} configs: each exits with code 2 and one exact message
 * naming the field, the value and what is allowed, without Java exception class names, and
 * writes nothing (no output directory; a stored study keeps every byte).
 */
final class MllibConfigErrorsTest {
  @TempDir Path dir;

  static final String DATA = Cli.DATASETS.resolve("breast_cancer.csv").toString();

  /** The columns of breast_cancer.csv, as messages list them. */
  static final String COLUMNS = "[mean_radius, mean_texture, mean_perimeter, mean_area,"
      + " mean_smoothness, mean_compactness, mean_concavity, mean_concave_points, mean_symmetry,"
      + " mean_fractal_dimension, radius_error, texture_error, perimeter_error, area_error,"
      + " smoothness_error, compactness_error, concavity_error, concave_points_error,"
      + " symmetry_error, fractal_dimension_error, worst_radius, worst_texture,"
      + " worst_perimeter, worst_area, worst_smoothness, worst_compactness, worst_concavity,"
      + " worst_concave_points, worst_symmetry, worst_fractal_dimension, diagnosis]";

  /** A valid config to break one line at a time. */
  static final String VALID = """
      study: {name: bc, direction: maximize, sampler: random, nTrials: 2}
      workload:
        type: mllib
        estimator: org.apache.spark.ml.classification.GBTClassifier
        params: {maxBins: 16, maxIter: 3}
        data:
          path: %s
          format: csv
          options: {header: "true", inferSchema: "true"}
          label: diagnosis
          testFraction: 0.2
        evaluator: {type: binary, metric: areaUnderROC}
        validation: {folds: 2}
      space:
        maxDepth: {type: int, low: 2, high: 4}
        stepSize: {type: float, low: 0.05, high: 0.3, log: true}
      """.formatted(DATA);

  static Stream<Arguments> beforeSpark() {
    return Stream.of(
        Arguments.of(VALID.replace("maxDepth: {", "maxDepht: {"), "space.maxDepht must be a"
            + " param of GBTClassifier [cacheNodeIds, checkpointInterval, featureSubsetStrategy,"
            + " featuresCol, impurity, labelCol, leafCol, lossType, maxBins, maxDepth, maxIter,"
            + " maxMemoryInMB, minInfoGain, minInstancesPerNode, minWeightFractionPerNode,"
            + " predictionCol, probabilityCol, rawPredictionCol, seed, stepSize,"
            + " subsamplingRate, thresholds, validationIndicatorCol, validationTol, weightCol],"
            + " but got 'maxDepht'"),
        Arguments.of(VALID.replace("low: 2, high: 4", "low: -1, high: 4"),
            "space.maxDepth low -1 is rejected by the param's validator (maxDepth: Maximum depth"
                + " of the tree. (Nonnegative) E.g., depth 0 means 1 leaf node; depth 1 means 1"
                + " internal node + 2 leaf nodes. Must be in range [0, 30].)"),
        Arguments.of(VALID.replace("maxDepth: {type: int, low: 2, high: 4}",
            "maxDepth: {type: float, low: 2.0, high: 4.5}"),
            "space.maxDepth is an int param, but got a float range"),
        Arguments.of(VALID.replace("maxBins: 16", "maxBins: 1"),
            "workload.params.maxBins value 1 is rejected by the param's validator (maxBins: Max"
                + " number of bins for discretizing continuous features.  Must be at least 2 and"
                + " at least number of categories for any categorical feature.)"),
        Arguments.of(VALID.replace("classification.GBTClassifier", "classification.GBTClassifer"),
            "workload.estimator must name a Spark ML Estimator class on the classpath (pass its"
                + " jar with --jars), but got 'org.apache.spark.ml.classification.GBTClassifer'"),
        Arguments.of(VALID.replace("org.apache.spark.ml.classification.GBTClassifier",
            "java.lang.String"), "workload.estimator must name a Spark ML Estimator (a subclass"
                + " of org.apache.spark.ml.Estimator), but got 'java.lang.String'"),
        Arguments.of(VALID.replace("org.apache.spark.ml.classification.GBTClassifier",
            "org.apache.spark.ml.feature.VectorAssembler"), "workload.estimator must name a"
                + " Spark ML Estimator (a subclass of org.apache.spark.ml.Estimator), but got"
                + " 'org.apache.spark.ml.feature.VectorAssembler' (a Transformer: put it in a"
                + " pipeline: before an estimator)"),
        Arguments.of(VALID.replace("format: csv", "format: xlsx"), "workload.data.format must"
            + " be one of [parquet, csv, json, orc, libsvm], but got 'xlsx'"),
        Arguments.of(VALID.replace("metric: areaUnderROC", "metric: accuracy"),
            "workload.evaluator.metric must be one of [areaUnderROC, areaUnderPR] for a binary"
                + " evaluator, but got 'accuracy'"),
        Arguments.of(VALID.replace("{type: binary, metric: areaUnderROC}",
            "{type: multiclass, metrics: [f1, auc]}"), "workload.evaluator.metrics must be among"
                + " [f1, accuracy, weightedPrecision, weightedRecall, weightedTruePositiveRate,"
                + " weightedFalsePositiveRate, weightedFMeasure, truePositiveRateByLabel,"
                + " falsePositiveRateByLabel, precisionByLabel, recallByLabel, fMeasureByLabel,"
                + " logLoss, hammingLoss] for a multiclass evaluator, but got 'auc'"),
        Arguments.of(VALID.replace("{type: binary, metric: areaUnderROC}",
            "{type: ranking}"), "workload.evaluator.type must be one of [binary, multiclass,"
                + " regression, clustering], but got 'ranking'"),
        Arguments.of(VALID.replace("direction: maximize", "direction: minimize"),
            "study.direction must be maximize (or left out) when workload.evaluator.metric is"
                + " areaUnderROC (larger is better), but got 'minimize'"),
        Arguments.of(VALID.replace("testFraction: 0.2", "testFraction: 1.5"),
            "workload.data.testFraction must be in (0, 1), but got 1.5"),
        Arguments.of(VALID.replace("{folds: 2}", "{folds: 2, trainRatio: 0.8}"),
            "workload.validation must give one of [folds, trainRatio] (foldCol goes with folds),"
                + " but got both folds and trainRatio"),
        Arguments.of(VALID.replace(DATA, "/no/such/breast_cancer.parquet"),
            "workload.data.path must be an existing file or directory, but got"
                + " '/no/such/breast_cancer.parquet' (no such file)"),
        Arguments.of(VALID.replace("  params:", "  pipeline: /no/such/pipeline\n  params:"),
            "workload must give one of [estimator, pipeline], but got both"),
        Arguments.of(VALID.replace("    label: diagnosis\n", ""), "workload.data.label must be"
            + " given for a binary evaluator, but got none"),
        Arguments.of(VALID.replace("label: diagnosis", "lable: diagnosis"), "workload.data must"
            + " be one of the fields [path, table, format, options, label, features,"
            + " featuresCol, testFraction, test], but got 'lable'"),
        Arguments.of(VALID.replace("validation: {folds: 2}",
            "validation: {folds: 2}\n  budget: {resource: maxDepth, maxResource: 8}"),
            "workload.budget.resource must be rows or an int param of the estimator that the"
                + " space leaves out, but got 'maxDepth' (budget maxDepth must not be in the space"
                + " too, but got it there)"),
        Arguments.of(VALID.replace("estimator: org.apache.spark.ml.classification.GBTClassifier",
            "pipeline: " + Cli.DATASETS).replace("params: {maxBins: 16, maxIter: 3}", ""),
            "workload.pipeline must be a Pipeline saved with pipeline.write().save(...), but"
                + " got '" + Cli.DATASETS + "' (no metadata directory in it)"));
  }

  @ParameterizedTest
  @MethodSource("beforeSpark")
  void run_badConfig_exits2WithExactMessage(String yaml, String message) {
    expectError(yaml, message);
  }

  private void expectError(String yaml, String message) {
    Path out = dir.resolve("out");
    Cli run = Cli.run(dir, yaml + "output: " + out + "\n");
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().findFirst()).hasValue("error: " + message);
    assertThat(run.err()).doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  static Stream<Arguments> onTheData() {
    return Stream.of(
        Arguments.of(VALID.replace("label: diagnosis", "label: diagnosys"),
            "workload.data.label must name a column of the data " + COLUMNS
                + ", but got 'diagnosys'"),
        Arguments.of(VALID.replace("label: diagnosis", "label: diagnosis\n    features:"
            + " [mean_radius, mean_area, worst_radious]"), "workload.data.features must name a"
                + " column of the data " + COLUMNS + ", but got 'worst_radious'"),
        Arguments.of(VALID.replace(", inferSchema: \"true\"", ""), "workload.data.features"
            + " (left out: every column but the label) must name numeric, boolean or vector"
            + " columns, but 'mean_radius' is string (CSV columns are strings unless options has"
            + " inferSchema: \"true\")"),
        Arguments.of(VALID.replace("classification.GBTClassifier", "regression.GBTRegressor")
            .replace("direction: maximize", "direction: minimize")
            .replace("{type: binary, metric: areaUnderROC}", "{type: regression}"),
            "workload.data.label must name a numeric column for a regression evaluator, but"
                + " 'diagnosis' is string"));
  }

  @ParameterizedTest
  @MethodSource("onTheData")
  @Tag("spark")
  void run_dataDoesNotFitTheConfig_exits2WithExactMessage(String yaml, String message) {
    SharedSpark.session();
    expectError(yaml, message);
  }

  /** A bad column found once the data is read leaves a stored study byte for byte as it was. */
  @Test
  @Tag("spark")
  void run_badLabelColumnWithStoredStudy_journalUnchanged() throws IOException {
    SharedSpark.session();
    Path journal = dir.resolve("bc.jsonl");
    Study study = Study.builder().name("bc").direction(Direction.MAXIMIZE)
        .storage(JournalStorage.open(journal)).build();
    Trial t = study.ask();
    t.suggestInt("maxDepth", 2, 4);
    t.suggestFloat("stepSize", FloatDistribution.logUniform(0.05, 0.3));
    study.tell(t, 0.97);
    byte[] before = Files.readAllBytes(journal);

    expectError(VALID.replace("label: diagnosis", "label: diagnosys") + "storage: " + journal
        + "\n", "workload.data.label must name a column of the data " + COLUMNS
        + ", but got 'diagnosys'");

    assertThat(Files.readAllBytes(journal)).isEqualTo(before);
  }
}
