package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second way to tune your own code: a {@code Workload} that needs the SparkSession (its own
 * DataFrame, MLlib fits as Spark jobs), named by {@code workload.class} and run by {@code
 * sparktune run} as a user would.
 */
@Tag("spark")
final class OwnWorkloadTest {
  @TempDir Path dir;

  private static final String CONFIG = """
      study: {name: churn, direction: maximize, sampler: random, seed: 9, nTrials: 3}
      workload: {class: com.acme.ChurnWorkload, rows: 400}
      space:
        regParam: {type: float, low: 1.0e-4, high: 1.0, log: true}
        maxIter: {type: int, low: 2, high: 10}
      execution: {slots: 2}
      """;

  private String run() throws IOException {
    SharedSpark.session();
    Path cfg = dir.resolve("churn.yaml");
    Files.writeString(cfg, CONFIG);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"run", "--config", cfg.toString(), "--output",
        dir.resolve("out").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_userWorkloadClass_jobsWithItsOwnDataAndTestScore() throws IOException {
    String printed = run();

    assertThat(printed).contains("Generating 400 churn rows ...")
        .contains("trials as Spark jobs")
        .contains("Test areaUnderROC of the best parameters (refit on the training split)");
    JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
    assertThat(s.get("workload").asText()).isEqualTo("churn");
    assertThat(s.get("rows").asInt()).isEqualTo(400);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(3);
    assertThat(s.get("bestValue").asDouble()).isBetween(0.6, 1.0);
    assertThat(s.get("testMetric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testScore").asDouble()).isBetween(0.6, 1.0);
    assertThat(s.get("execution").get("mode").asText()).isEqualTo("jobs");
    assertThat(dir.resolve("out/report.html")).isRegularFile();
    List<String> first = Files.readAllLines(dir.resolve("out/trials.csv"));
    assertThat(first.get(0)).startsWith("number,state,value,params_regParam,params_maxIter,");

    run(); // same seed, same trials
    assertThat(params(Files.readAllLines(dir.resolve("out/trials.csv")))).isEqualTo(params(first));
  }

  private static List<String> params(List<String> csv) {
    return csv.stream().skip(1).map(l -> String.join(",", List.of(l.split(",")).subList(0, 5)))
        .sorted().toList();
  }
}
