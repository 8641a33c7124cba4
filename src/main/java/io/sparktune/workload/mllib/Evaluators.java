package io.sparktune.workload.mllib;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;

/**
 * The MLlib evaluators of {@code workload.evaluator.type} and every metric each one computes
 * (the values its {@code metricName} param accepts, in the order Spark documents them).
 */
final class Evaluators {
  /** The evaluator types, in the order messages list them. */
  static final List<String> TYPES = List.of("binary", "multiclass", "regression", "clustering");

  private static final Map<String, List<String>> METRICS = Map.of(
      "binary", List.of("areaUnderROC", "areaUnderPR"),
      "multiclass", List.of("f1", "accuracy", "weightedPrecision", "weightedRecall",
          "weightedTruePositiveRate", "weightedFalsePositiveRate", "weightedFMeasure",
          "truePositiveRateByLabel", "falsePositiveRateByLabel", "precisionByLabel",
          "recallByLabel", "fMeasureByLabel", "logLoss", "hammingLoss"),
      "regression", List.of("rmse", "mse", "r2", "mae", "var"),
      "clustering", List.of("silhouette"));

  private Evaluators() {}

  /** The metrics of {@code type}; the first is MLlib's default. */
  static List<String> metrics(String type) {
    return METRICS.get(type);
  }

  /** MLlib's default metric of {@code type}. */
  static String defaultMetric(String type) {
    return METRICS.get(type).get(0);
  }

  /**
   * A new evaluator of {@code type} computing {@code metric}.
   *
   * @param labelCol the label column (ignored by clustering)
   * @param featuresCol the features column (clustering only)
   */
  static Evaluator create(String type, String metric, String labelCol, String featuresCol) {
    return switch (type) {
      case "binary" -> new BinaryClassificationEvaluator().setMetricName(metric)
          .setLabelCol(labelCol);
      case "multiclass" -> new MulticlassClassificationEvaluator().setMetricName(metric)
          .setLabelCol(labelCol);
      case "regression" -> new RegressionEvaluator().setMetricName(metric)
          .setLabelCol(labelCol);
      case "clustering" -> new ClusteringEvaluator().setMetricName(metric)
          .setFeaturesCol(featuresCol);
      default -> throw new AssertionError(type);
    };
  }

  /** Whether a larger {@code metric} is better (the evaluator's own {@code isLargerBetter}). */
  static boolean isLargerBetter(String type, String metric) {
    return create(type, metric, "label", "features").isLargerBetter();
  }
}
