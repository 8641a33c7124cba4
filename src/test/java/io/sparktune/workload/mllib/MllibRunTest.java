package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workload.type: mllib} end to end through {@code sparktune run} on the shipped real
 * tables, written at test time in the formats the configs read (Spark's own writers).
 */
@Tag("spark")
final class MllibRunTest {
  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SharedSpark.session();
  }

  static Dataset<Row> csv(String name) {
    return spark.read().option("header", "true").option("inferSchema", "true")
        .csv(Cli.DATASETS.resolve(name).toString());
  }

  @Test
  void run_breastCancerParquet_stringLabelIndexedFeaturesAssembledAuc() throws IOException {
    Path parquet = dir.resolve("breast_cancer.parquet");
    csv("breast_cancer.csv").write().parquet(parquet.toString());
    Path out = dir.resolve("out");

    Cli run = Cli.run(dir, """
        study: {name: bc, direction: maximize, sampler: random, nTrials: 3, seed: 7}
        workload:
          type: mllib
          estimator: org.apache.spark.ml.classification.LogisticRegression
          params: {maxIter: 30}
          data:
            path: %s
            format: parquet
            label: diagnosis
            testFraction: 0.25
          evaluator: {type: binary, metric: areaUnderROC, metrics: [areaUnderPR]}
          validation: {folds: 2}
        space:
          regParam: {type: float, low: 1.0e-4, high: 1.0, log: true}
          elasticNetParam: {type: float, low: 0.0, high: 1.0}
        output: %s
        """.formatted(parquet, out));

    assertThat(run.code()).as(run.err()).isZero();
    System.out.println(run.out());
    JsonNode s = Cli.summary(out);
    assertThat(s.get("metric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testMetric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testScore").asDouble()).isBetween(0.9, 1.0);
    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    List<Row> rows = model.transform(csv("breast_cancer.csv")).select("diagnosis",
        "predictedLabel").collectAsList();
    long right = rows.stream().filter(r -> r.getString(0).equals(r.getString(1))).count();
    assertThat(right).isGreaterThan(500);
  }
}
