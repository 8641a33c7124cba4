package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.hadoop.MiniHdfs;
import io.sparktune.workload.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparktune run} and {@code sparktune report} with config, data, journal and outputs all
 * on a real in-process HDFS (one MiniDFSCluster for the class), and the exact messages for a
 * missing file there.
 */
@Tag("spark")
final class HdfsRunTest {
  @TempDir static java.nio.file.Path base;
  private static MiniHdfs hdfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void start() throws Exception {
    hdfs = new MiniHdfs(base);
    fs = hdfs.newClient();
    root = hdfs.cluster.getURI().toString();
    try (InputStream in = Datasets.class.getResourceAsStream(Datasets.DIGITS_RESOURCE);
        OutputStream out = fs.create(new Path("/data/digits.csv.gz"))) {
      in.transferTo(out);
    }
    for (String part : List.of("train", "t10k")) { // the bundled 2,000 test images as both
      for (String kind : List.of("images-idx3-ubyte", "labels-idx1-ubyte")) {
        try (InputStream in = Datasets.class.getResourceAsStream(
                "/datasets/mnist10k-test-" + kind + ".gz");
            OutputStream out = fs.create(new Path("/mnist/" + part + "-" + kind + ".gz"))) {
          in.transferTo(out);
        }
      }
    }
    SharedSpark.session();
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


  private static String config(String data, String storage, String output) {
    return """
        study:
          name: digits-hdfs
          direction: maximize
          sampler: random
          seed: 7
          nTrials: 2
          parallelism: 2
        workload:
          type: digits-forest
          engine: local
          folds: 2
          data: %s
        space:
          n_estimators: {type: int, low: 2, high: 6}
          max_depth: {type: int, low: 4, high: 40}
        storage: %s
        output: %s
        """.formatted(data, storage, output);
  }

  private static void put(String path, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> files(String dir) throws IOException {
    List<String> names = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(dir), true);
    while (it.hasNext()) {
      names.add(it.next().getPath().toUri().getPath().substring(dir.length() + 1));
    }
    return names;
  }

  @Test
  void runAndReport_configDataStorageOutputOnHdfs_writeEveryOutputThere() throws IOException {
    String journal = root + "/sparktune/digits.jsonl";
    put("/conf/digits.yaml", config(root + "/data/digits.csv.gz", journal, root + "/out"));

    Run run = Run.main("run", "--config", root + "/conf/digits.yaml", "--sampler", "random",
        "--n-trials", "2");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Loading the digits data (" + root + "/data/digits.csv.gz)")
        .contains("Wrote " + root + "/out/summary.json and " + root + "/out/trials.csv")
        .contains("Wrote " + root + "/out/report.html and ")
        .contains(" plots in " + root + "/out/plots for study digits-hdfs (2 trials)");
    JsonNode summary = new ObjectMapper().readTree(read("/out/summary.json"));
    assertThat(summary.get("study").asText()).isEqualTo("digits-hdfs");
    assertThat(summary.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(summary.get("storage").asText()).isEqualTo(journal);
    assertThat(summary.get("testScore").asDouble()).isBetween(0.5, 1.0);
    List<String> csv = read("/out/trials.csv").lines().toList();
    assertThat(csv.get(0)).isEqualTo("number,state,value,params_n_estimators,params_max_depth,"
        + "datetime_start,duration,fail_reason");
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith("0,COMPLETE,");
    assertThat(read("/out/report.html")).contains("<html").contains("digits-hdfs");
    List<String> out = files("/out");
    assertThat(out).contains("summary.json", "trials.csv", "report.html", "plots/timeline.svg")
        .noneMatch(n -> n.endsWith(".tmp"));
    assertThat(read("/out/plots/timeline.svg")).contains("<svg");
    assertThat(fs.getFileStatus(new Path("/sparktune/digits.jsonl")).getLen()).isPositive();

    Run report = Run.main("report", "--storage", journal, "--output", root + "/report");

    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).isEqualTo("Wrote " + root + "/report/report.html and "
        + files("/out/plots").size() + " plots in " + root + "/report/plots for study"
        + " digits-hdfs (2 trials)\n");
    assertThat(files("/report")).containsExactlyInAnyOrderElementsOf(
        out.stream().filter(n -> n.equals("report.html") || n.startsWith("plots/")).toList());
    assertThat(read("/report/report.html")).contains("digits-hdfs");

    Run again = Run.main("report", "--storage", journal, "--output", root + "/report");

    assertThat(again.code()).as(again.err()).isZero(); // each rename replaces the old file
    assertThat(again.out()).isEqualTo(report.out());
    assertThat(files("/report")).hasSize(files("/out/plots").size() + 1)
        .noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void run_mnistAshaOnHdfs_readsIdxDirAndCheckpointsUnderOutput() throws IOException {
    put("/conf/mnist.yaml", """
        study:
          name: mlp-hdfs
          direction: maximize
          sampler: random
          seed: 3
          nTrials: 4
          pruner: asha
        workload:
          type: mnist-mlp
          data: %1$s/mnist
          maxTrain: 300
          itersPerEpoch: 2
          epochs: 2
          minEpochs: 1
          reductionFactor: 2
          promotionQuota: floor
        execution:
          slots: 2
        storage: %1$s/sparktune/mnist.jsonl
        output: %1$s/mnist-out
        """.formatted(root) + MlpSmokeTest.SPACE);

    Run o = Run.main("run", "--config", root + "/conf/mnist.yaml");

    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("Loading the MNIST images (" + root + "/mnist)")
        .contains("2 trials stay paused at a rung");
    JsonNode s = new ObjectMapper().readTree(read("/mnist-out/summary.json"));
    assertThat(s.get("nTrials").asInt()).isEqualTo(4);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(files("/mnist-out/checkpoints/mlp-hdfs")).isNotEmpty()
        .allMatch(n -> n.matches("trial-\\d+/rung-\\d+\\.ckpt"), "trial-N/rung-K.ckpt");
    assertThat(files("/mnist-out")).contains("report.html", "trials.csv");
  }

  @Test
  void run_mnistDirMissingAFileOnHdfs_exit2NamingWorkloadData() throws IOException {
    put("/conf/mnist-bad.yaml", """
        study: {name: mlp-bad, direction: maximize, sampler: random, nTrials: 1}
        workload: {type: mnist-mlp, data: %s/conf}
        """.formatted(root) + MlpSmokeTest.SPACE);

    Run o = Run.main("run", "--config", root + "/conf/mnist-bad.yaml");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: workload.data must be 'bundled' or a directory"
        + " holding train-images-idx3-ubyte(.gz), but got '" + root + "/conf' (no such file)\n");
  }

  @Test
  void run_configMissingOnHdfs_exit2NamingConfig() {
    Run o = Run.main("run", "--config", root + "/conf/missing.yaml");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: --config must be a readable file, but got '" + root
        + "/conf/missing.yaml' (no such file)\n");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void run_dataMissingOnHdfs_exit2NamingWorkloadData_nothingWritten() throws IOException {
    put("/conf/nodata.yaml", config(root + "/data/none.csv", root + "/sparktune/nodata.jsonl",
        root + "/nodata-out"));

    Run o = Run.main("run", "--config", root + "/conf/nodata.yaml");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: workload.data must be 'bundled' or a readable CSV"
        + " file, but got '" + root + "/data/none.csv' (no such file)\n");
    assertThat(fs.exists(new Path("/nodata-out"))).isFalse();
    assertThat(fs.exists(new Path("/sparktune/nodata.jsonl"))).isFalse();
  }

  @Test
  void run_configOnASchemeNoFileSystemServes_exit2NamingConfig() {
    Run o = Run.main("run", "--config", "nosuchfs://host/conf/digits.yaml");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: --config must be a readable file, but got"
        + " 'nosuchfs://host/conf/digits.yaml' (no Hadoop FileSystem is installed for its"
        + " scheme)\n");
  }

  @Test
  void report_storageMissingOnHdfs_exit2NamingStorage() {
    Run o = Run.main("report", "--storage", root + "/sparktune/none.jsonl", "--output",
        root + "/none-report");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: --storage must be an existing journal file, but got '"
        + root + "/sparktune/none.jsonl' (no such file)\n");
  }

  @Test
  void run_outputIsAFileOnHdfs_exit2NamingOutput() throws IOException {
    put("/conf/fileout.yaml", config(root + "/data/digits.csv.gz",
        root + "/sparktune/fileout.jsonl", root + "/conf/digits-file"));
    put("/conf/digits-file", "not a directory");

    Run o = Run.main("run", "--config", root + "/conf/fileout.yaml");

    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: output must be a directory on a reachable Hadoop"
        + " FileSystem, but got '" + root + "/conf/digits-file' (a file, not a directory)\n");
    assertThat(fs.exists(new Path("/sparktune/fileout.jsonl"))).isFalse();
  }
}
