package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mnist-mlp job end to end on the shared local[2,2] session with a tiny budget: 300 training
 * images, 2 epochs of 2 iterations, 4 trials, ASHA with η = 2 (rungs at 1 and 2 epochs).
 */
@Tag("spark")
final class MlpSmokeTest {
  @TempDir Path dir;

  private static final String SPACE = """
      space:
        hidden_layers: {type: int, low: 1, high: 2}
        units: {type: int, low: 16, high: 32, log: true}
        solver: {type: categorical, choices: [l-bfgs, gd]}
        step_size: {type: float, low: 0.01, high: 1.0, log: true}
        block_size: {type: categorical, choices: [64, 128]}
        tol: {type: float, low: 1.0e-8, high: 1.0e-4, log: true}
      """;

  private static String config(String pruner) {
    return """
        study:
          name: mlp-smoke
          direction: maximize
          sampler: random
          seed: 3
          nTrials: 4
          pruner: %s
        workload:
          type: mnist-mlp
        mlp:
          maxTrain: 300
          itersPerEpoch: 2
          epochs: 2
          minEpochs: 1
          reductionFactor: 2
        execution:
          slots: 2
        """.formatted(pruner) + SPACE;
  }

  @Test
  void run_ashaTinyBudget_promotesHalfAndCountsPruned() throws IOException {
    SharedSpark.session();
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, config("asha"));
    Path out = dir.resolve("out");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code = Main.run(new String[] {"run", "--config", cfg.toString(), "--output",
        out.toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));

    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("Default configuration").contains("over the defaults");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("nTrials").asInt()).isEqualTo(4);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(s.get("pruned").asInt()).isEqualTo(2);
    assertThat(s.get("epochsTrained").asInt()).isEqualTo(6);
    assertThat(s.get("execution").get("promotions").asInt()).isEqualTo(2);
    assertThat(s.get("defaultTestScore").asDouble()).isBetween(0.3, 1.0);
    assertThat(s.get("testScore").asDouble()).isBetween(0.1, 1.0);
    assertThat(s.get("gainOverDefaults").asDouble()).isEqualTo(
        s.get("testScore").asDouble() - s.get("defaultTestScore").asDouble());
    assertThat(Files.readAllLines(out.resolve("trials.csv"))).hasSize(5);
  }

  @Test
  void parse_ashaWithDigits_rejected() {
    String yaml = """
        study: {name: d, direction: maximize, sampler: random, pruner: asha}
        workload: {type: digits-forest}
        space:
          n_estimators: {type: int, low: 1, high: 5}
          max_depth: {type: int, low: 1, high: 5}
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("study.pruner must be one of [none, median] when workload.type is"
            + " digits-forest (asha needs an epoch-based workload such as mnist-mlp), but got"
            + " 'asha'");
  }

  @Test
  void parse_mlpSpaceMissingParams_rejected() {
    String yaml = config("sha").replace(
        "  tol: {type: float, low: 1.0e-8, high: 1.0e-4, log: true}\n", "");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("space must define [hidden_layers, units, solver, step_size, block_size,"
            + " tol] when workload.type is mnist-mlp, but got [hidden_layers, units, solver,"
            + " step_size, block_size] (missing [tol])");
  }

  @Test
  void parse_mlpTasksMode_rejected() {
    String yaml = config("none").replace("  slots: 2\n", "  slots: 2\n  mode: tasks\n");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("execution.mode must be one of [auto, jobs] when workload.type is mnist-mlp"
            + " (MLlib fits are Spark jobs started from driver threads), but got 'tasks'");
  }

  @Test
  void parse_mlpSection_boundWithDefaults() {
    JobConfig c = ConfigLoader.parse(config("hyperband").replace("  epochs: 2\n", ""), "c.yaml");
    assertThat(c.mlp()).isEqualTo(new JobConfig.MlpSection("bundled", 300, 0.2, 2, 9, 1, 2));
    assertThat(c.study().pruner()).isEqualTo("hyperband");
  }

  @Test
  void parse_bundledConfigFile_valid() {
    JobConfig c = ConfigLoader.load(Path.of("conf/mnist-mlp.yaml"));
    assertThat(c.mlp().epochs()).isEqualTo(27);
    assertThat(c.study().pruner()).isEqualTo("asha");
  }
}
