package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code study.pruner: percentile} and the median/percentile settings end to end: the digits
 * forest reports its running CV accuracy after each of its 5 folds (steps 0-4), one trial at a
 * time (one slot: what a trial is compared with does not depend on timing), so the same seed
 * proposes the same 10 configurations in every run and only the pruner's settings decide what is
 * pruned.
 */
@Tag("spark")
final class PrunerSettingsTest {
  @TempDir Path dir;

  private static final String CONFIG = """
      study:
        name: pruner-settings
        direction: maximize
        sampler: random
        seed: 11
        nTrials: 10
        parallelism: 1
        pruner: percentile
        prunerPercentile: 25
        prunerStartupTrials: 1
      workload:
        type: digits-forest
        engine: local
        folds: 5
      space:
        n_estimators: {type: int, low: 1, high: 4}
        max_depth: {type: int, low: 1, high: 12}
      execution:
        slots: 1
      """;

  @BeforeAll
  static void spark() {
    SharedSpark.session();
  }

  /** Runs the config with {@code extra} overrides; the trials from the run's journal. */
  private List<FrozenTrial> run(String name, String... extra) throws IOException {
    return runYaml(CONFIG, name, extra);
  }

  private List<FrozenTrial> runYaml(String yaml, String name, String... extra) throws IOException {
    Path cfg = dir.resolve(name + ".yaml");
    Files.writeString(cfg, yaml);
    Path out = dir.resolve(name);
    Path journal = dir.resolve(name + ".jsonl");
    String[] args = Stream.concat(Stream.of("run", "--config", cfg.toString(), "--output",
        out.toString(), "--storage", journal.toString()), Stream.of(extra))
        .toArray(String[]::new);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("pruner").asText()).isEqualTo(
        extra.length > 1 && extra[0].equals("--pruner") ? extra[1] : "percentile");
    try (JournalStorage storage = JournalStorage.open(journal)) {
      int id = storage.findStudy("pruner-settings").orElseThrow().studyId();
      return storage.trials(id, EnumSet.allOf(TrialState.class));
    }
  }

  private static List<FrozenTrial> pruned(List<FrozenTrial> trials) {
    return trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
  }

  private static List<Object> params(List<FrozenTrial> trials) {
    return trials.stream().map(t -> (Object) t.params()).toList();
  }

  @Test
  void run_warmupSteps_noTrialPrunedBeforeTheWarmupStep() throws IOException {
    List<FrozenTrial> eager = run("warmup0");
    List<FrozenTrial> warm = run("warmup3", "--pruner-warmup-steps", "3");
    List<FrozenTrial> off = run("warmup5", "--pruner-warmup-steps", "5");

    assertThat(params(warm)).isEqualTo(params(eager)).isEqualTo(params(off)).hasSize(10);
    assertThat(pruned(eager)).isNotEmpty();
    assertThat(pruned(eager)).anySatisfy(t -> assertThat(t.lastStep().getAsInt()).isLessThan(3));
    assertThat(pruned(warm)).allSatisfy(t ->
        assertThat(t.lastStep().getAsInt()).isGreaterThanOrEqualTo(3));
    assertThat(pruned(off)).isEmpty(); // steps are folds 0-4: none reaches step 5
    assertThat(off).allSatisfy(t -> assertThat(t.intermediateValues()).hasSize(5));
  }

  @Test
  void run_percentile50_prunesExactlyAsMedianWithTheSameSettings() throws IOException {
    List<FrozenTrial> p50 = run("p50", "--pruner-percentile", "50");
    // the percentile is the percentile pruner's only: a median config leaves it out
    List<FrozenTrial> median = runYaml(CONFIG.replace("  prunerPercentile: 25\n", ""), "median",
        "--pruner", "median");

    assertThat(params(median)).isEqualTo(params(p50));
    assertThat(states(p50)).isEqualTo(states(median));
    assertThat(pruned(median)).isNotEmpty(); // startup 1 trial, not Optuna's 5
  }

  private static List<TrialState> states(List<FrozenTrial> trials) {
    return trials.stream().map(FrozenTrial::state).toList();
  }
}
