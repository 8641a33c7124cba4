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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digits job end to end on the shared local[2] session, small budgets (the MLlib forest:
 * {@code io.sparktune.workload.mllib.DigitsMllibConfigTest}).
 */
@Tag("spark")
final class DigitsSmokeTest {
  @TempDir Path dir;

  @BeforeAll
  static void spark() {
    SharedSpark.session();
  }

  private String config(String sampler, String engine, String grid) {
    return """
        study:
          name: digits-smoke
          direction: maximize
          sampler: %s
          seed: 7
          nTrials: 4
          parallelism: 2
        workload:
          type: digits-forest
          engine: %s
          folds: 2
        space:
          n_estimators: {type: int, low: 2, high: 6}
          max_depth: {type: int, low: 4, high: 40}
        %s
        """.formatted(sampler, engine, grid);
  }

  private JsonNode run(String yaml, String... extra) throws IOException {
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, yaml);
    Path out = dir.resolve("out");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    String[] args = java.util.stream.Stream.concat(
        java.util.stream.Stream.of("run", "--config", cfg.toString(), "--output", out.toString()),
        java.util.stream.Stream.of(extra)).toArray(String[]::new);
    int code = Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("Best trial")
        .contains("Test accuracy of the best parameters");
    List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
    assertThat(csv.get(0)).isEqualTo("number,state,value,params_n_estimators,params_max_depth,"
        + "datetime_start,duration,fail_reason");
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(csv).hasSize(summary.get("nTrials").asInt() + 1);
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(out.resolve("plots/timeline.svg")).isRegularFile();
    return summary;
  }

  @Test
  void run_localEngineRandom_writesSummaryAndTrials() throws IOException {
    JsonNode s = run(config("random", "local", ""));
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(4);
    assertThat(s.get("bestValue").asDouble()).isBetween(0.75, 1.0);
    assertThat(s.get("testScore").asDouble()).isBetween(0.75, 1.0);
    assertThat(s.get("sparkMaster").asText()).startsWith("local[2");
    assertThat(s.get("bestParams").has("n_estimators")).isTrue();
    assertThat(s.get("wallSeconds").asDouble()).isPositive();
    assertThat(s.get("execution").get("mode").asText()).isEqualTo("tasks");
    assertThat(s.get("execution").get("utilization").asDouble()).isBetween(0.05, 1.0);
  }

  @Test
  void run_threadsMode_sameTrialsAsTasksMode() throws IOException {
    run(config("random", "local", ""), "--mode", "threads");
    List<String> threads = paramsColumn(dir.resolve("out/trials.csv"));
    JsonNode s = run(config("random", "local", ""), "--mode", "tasks", "--loop", "sync");
    assertThat(s.get("execution").get("loop").asText()).isEqualTo("sync");
    assertThat(paramsColumn(dir.resolve("out/trials.csv"))).isEqualTo(threads);
  }

  @Test
  void run_sameSeedTwice_sameTrials() throws IOException {
    run(config("random", "local", ""));
    List<String> a = paramsColumn(dir.resolve("out/trials.csv"));
    run(config("random", "local", ""));
    List<String> b = paramsColumn(dir.resolve("out/trials.csv"));
    assertThat(a).isEqualTo(b).hasSize(4);
  }

  private static List<String> paramsColumn(Path csv) throws IOException {
    return Files.readAllLines(csv).stream().skip(1)
        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 5))).sorted().toList();
  }
}
