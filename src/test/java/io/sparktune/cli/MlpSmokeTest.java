package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.MnistMlpWorkload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
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

  /** The small MNIST space of the cli tests (also HdfsRunTest). */
  static final String SPACE = """
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
          maxTrain: 300
          itersPerEpoch: 2
          epochs: 2
          minEpochs: 1
          reductionFactor: 2
          promotionQuota: floor
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
  void run_ashaWithStorageExtended_resumesPausedTrialsFromCheckpoints() throws IOException {
    SharedSpark.session();
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, config("asha"));
    Path out = dir.resolve("out");
    String journal = dir.resolve("journal.jsonl").toString();

    String first = run("--config", cfg.toString(), "--output", out.toString(), "--storage",
        journal);

    assertThat(first).contains("2 trials stay paused at a rung");
    JsonNode s1 = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s1.get("counts").get("RUNNING").asInt()).isEqualTo(2);
    assertThat(s1.get("pruned").asInt()).isZero();
    assertThat(s1.get("execution").get("paused").asInt()).isEqualTo(2);
    List<Integer> paused = trials(journal).stream()
        .filter(t -> t.state() == TrialState.RUNNING).map(FrozenTrial::number).toList();

    run("--config", cfg.toString(), "--output", out.toString(), "--storage", journal,
        "--n-trials", "8");

    JsonNode s2 = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s2.get("nTrials").asInt()).isEqualTo(8);
    // With --storage the trials still paused stay paused for the next extension.
    assertThat(s2.get("counts").get("RUNNING").asInt())
        .isEqualTo(s2.get("execution").get("paused").asInt());
    assertThat(s2.get("counts").get("FAIL").asInt()).isZero();
    List<FrozenTrial> after = trials(journal);
    // The second driver rebuilt the first run's paused trials into rung 0: every trial in the
    // top floor(8/2) of rung 0 was promoted, old or new; the others stay paused with their
    // checkpoints (the resume itself: AshaStudyRunnerTest.run_keepPausedThenExtended_...).
    List<FrozenTrial> rung0 = after.stream()
        .sorted(Comparator.comparingDouble(
            (FrozenTrial t) -> -((Number) t.systemAttrs().get(AshaAttrs.rungKey(0))).doubleValue())
            .thenComparingInt(FrozenTrial::number))
        .toList();
    assertThat(rung0.subList(0, 4)).allMatch(t -> t.state() == TrialState.COMPLETE
        && t.systemAttrs().containsKey(AshaAttrs.rungKey(1)));
    assertThat(rung0.subList(4, 8)).allMatch(t -> t.state() == TrialState.RUNNING
        && Files.isRegularFile(out.resolve("checkpoints/mlp-smoke/trial-" + t.number()
            + "/rung-0.ckpt")));
    assertThat(paused).allMatch(n -> after.stream().anyMatch(t -> t.number() == n
        && t.state() != TrialState.FAIL));
    assertThat(s2.get("epochsTrained").asInt()).isEqualTo(after.stream()
        .mapToInt(t -> t.intermediateValues().lastKey()).sum());
  }

  private String run(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    String[] full = new String[args.length + 1];
    full[0] = "run";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = Main.run(full, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private static List<FrozenTrial> trials(String journal) {
    try (JournalStorage storage = JournalStorage.open(Path.of(journal))) {
      int id = storage.findStudy("mlp-smoke").orElseThrow().studyId();
      return storage.trials(id, EnumSet.allOf(TrialState.class));
    }
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
        .hasMessage("study.pruner must be one of [none, median, percentile] when workload.type is"
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
  void parse_mlpUnknownPromotionQuota_rejected() {
    String yaml = config("asha").replace("promotionQuota: floor", "promotionQuota: half");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("workload.promotionQuota must be one of [floor, ceil_from_eta, ceil], but"
            + " got 'half'");
    assertThat(mlp(ConfigLoader.parse(yaml.replace("half", " Ceil "), "c.yaml"))
        .promotionQuota()).isEqualTo(PromotionQuota.CEIL);
  }

  @Test
  void parse_mlpSection_boundWithDefaults() {
    JobConfig c = ConfigLoader.parse(config("hyperband").replace("  epochs: 2\n", "")
        .replace("  promotionQuota: floor\n", ""), "c.yaml");
    assertThat(mlp(c)).isEqualTo(new MnistMlpWorkload.Settings("bundled", 300, 0.2, 2, 9, 1, 2,
        PromotionQuota.CEIL_FROM_ETA));
    assertThat(c.study().pruner()).isEqualTo("hyperband");
  }

  private static MnistMlpWorkload.Settings mlp(JobConfig c) {
    return ((MnistMlpWorkload) c.workload()).settings();
  }

  @Test
  void parse_bundledConfigFile_valid() {
    JobConfig c = ConfigLoader.load(Path.of("conf/mnist-mlp.yaml"));
    assertThat(mlp(c).epochs()).isEqualTo(27);
    assertThat(c.study().pruner()).isEqualTo("asha");
  }
}
