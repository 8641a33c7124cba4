package io.sparktune.ml;

import io.sparktune.spark.SharedSpark;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The real tables under {@code src/test/resources/datasets/} (see PROVENANCE.md there) as DataFrames. */
final class MlData {
  private MlData() {}

  /** The local path of a bundled table. */
  static String path(String file) {
    try {
      return Path.of(MlData.class.getResource("/datasets/" + file).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.util.Map<String, Dataset<Row>> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A bundled CSV table, header and inferred types, read once per JVM and cached. */
  static Dataset<Row> csv(String file) {
    return CACHE.computeIfAbsent(file, f -> {
      Dataset<Row> d = SharedSpark.session().read().option("header", "true")
          .option("inferSchema", "true").csv(path(f)).cache();
      d.count();
      return d;
    });
  }

  /** The 30 feature names of breast_cancer.csv. */
  static String[] breastCancerFeatures() {
    Dataset<Row> d = csv("breast_cancer.csv");
    String[] cols = d.columns();
    return java.util.Arrays.copyOf(cols, cols.length - 1);
  }
}
