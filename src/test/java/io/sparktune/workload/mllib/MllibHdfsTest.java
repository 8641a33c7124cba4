package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.hadoop.MiniHdfs;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workload.type: mllib} with the Parquet table, the journal and the outputs (best-model
 * included) on a real in-process HDFS (MiniDFSCluster), and the message for a table missing there.
 */
@Tag("spark")
final class MllibHdfsTest {
  @TempDir static java.nio.file.Path base;
  private static MiniHdfs hdfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void start() throws IOException {
    hdfs = new MiniHdfs(base);
    fs = hdfs.newClient();
    root = hdfs.cluster.getURI().toString();
    SparkSession spark = SharedSpark.session();
    spark.read().option("header", "true").option("inferSchema", "true")
        .csv(Cli.DATASETS.resolve("breast_cancer.csv").toString())
        .write().parquet(root + "/data/bc.parquet");
  }

  @AfterAll
  static void stop() throws IOException {
    if (fs != null) {
      fs.close();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static String config(String data) {
    return """
        study: {name: bc-hdfs, sampler: random, nTrials: 2, seed: 1}
        workload:
          type: mllib
          estimator: DecisionTreeClassifier
          data: {path: %1$s, label: diagnosis}
          evaluator: {type: multiclass, metric: accuracy}
          validation: {folds: 2}
        space:
          maxDepth: {type: int, low: 1, high: 5}
        storage: %2$s/sparktune/bc.jsonl
        output: %2$s/out
        """.formatted(data, root);
  }

  @Test
  void run_parquetJournalAndOutputOnHdfs_bestModelLoadsFromThere() throws IOException {
    Cli run = Cli.run(base, config(root + "/data/bc.parquet"));

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Loading workload.data " + root + "/data/bc.parquet (parquet)")
        .contains("Wrote " + root + "/out/best-model (PipelineModel: VectorAssembler,"
            + " DecisionTreeClassificationModel, IndexToString)");
    JsonNode s;
    try (InputStream in = fs.open(new Path("/out/summary.json"))) {
      s = new ObjectMapper().readTree(in);
    }
    assertThat(s.get("bestModel").asText()).isEqualTo(root + "/out/best-model");
    assertThat(s.get("testScore").asDouble()).isBetween(0.85, 1.0);
    assertThat(fs.getFileStatus(new Path("/sparktune/bc.jsonl")).getLen()).isPositive();
    assertThat(fs.listStatus(new Path("/out"))).noneMatch(f -> f.getPath().getName()
        .endsWith(".tmp"));
    PipelineModel model = PipelineModel.load(root + "/out/best-model");
    assertThat(model.stages()).hasSize(3);
  }

  @Test
  void run_tableMissingOnHdfs_exits2NamingDataPath_nothingWritten() throws IOException {
    Cli run = Cli.run(base, config(root + "/data/none.parquet").replace("bc.jsonl", "none.jsonl")
        .replace("/out\n", "/none-out\n"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: workload.data.path must be an existing file or"
        + " directory, but got '" + root + "/data/none.parquet' (no such file)\n");
    assertThat(fs.exists(new Path("/sparktune/none.jsonl"))).isFalse();
    assertThat(fs.exists(new Path("/none-out"))).isFalse();
  }
}
