package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metric lists against MLlib's own evaluators, and the format a path's extension names. */
final class EvaluatorsTest {

  @SuppressWarnings("unchecked")
  private static boolean accepts(Evaluator e, String metric) {
    Param<Object> p = (Param<Object>) e.getParam("metricName");
    return (Boolean) ((scala.Function1<Object, Object>) p.isValid()).apply(metric);
  }

  @Test
  void metrics_everyListedMetricIsOneTheEvaluatorAccepts_andNoOther() {
    for (String type : Evaluators.TYPES) {
      Evaluator e = Evaluators.create(type, Evaluators.defaultMetric(type), "y", "x");
      for (String m : Evaluators.metrics(type)) {
        assertThat(accepts(e, m)).as(type + " " + m).isTrue();
        Evaluator made = Evaluators.create(type, m, "y", "x");
        assertThat(made.getOrDefault(made.getParam("metricName"))).isEqualTo(m);
      }
      assertThat(accepts(e, "auc")).as(type).isFalse();
    }
    assertThat(Evaluators.metrics("multiclass")).hasSize(14).startsWith("f1", "accuracy");
  }

  @ParameterizedTest
  @CsvSource({"binary, areaUnderPR, true", "multiclass, logLoss, false",
      "multiclass, hammingLoss, false", "multiclass, f1, true", "regression, rmse, false",
      "regression, r2, true", "clustering, silhouette, true"})
  void isLargerBetter_asTheEvaluatorSays(String type, String metric, boolean larger) {
    assertThat(Evaluators.isLargerBetter(type, metric)).isEqualTo(larger);
  }

  @ParameterizedTest
  @CsvSource({"hdfs://nn:8020/data/churn.parquet, parquet", "data/x.csv.gz, csv",
      "data/x.CSV, csv", "events.jsonl, json", "t.orc/, orc", "a9a.svm, libsvm",
      "warehouse/table, parquet"})
  void guessFormat_fromTheExtension_elseParquet(String path, String format) {
    assertThat(MllibConfig.guessFormat(path)).isEqualTo(format);
  }
}
