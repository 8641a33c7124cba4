package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xgboost workload and the digits native engine end to end on the shared local[2] session:
 * trials as Spark tasks, small budgets.
 */
@Tag("spark")
final class XgboostSmokeTest {
  @TempDir Path dir;

  @BeforeAll
  static void spark() {
    SharedSpark.session();
  }

  private JsonNode run(String yaml, String... extra) throws IOException {
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, yaml);
    Path out = dir.resolve("out-" + Math.abs(yaml.hashCode()));
    List<String> args = new ArrayList<>(List.of("run", "--config", cfg.toString(), "--output",
        out.toString()));
    args.addAll(List.of(extra));
    Run r = Run.main(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("Best trial");
    if (yaml.contains("type: xgboost")) {
      assertThat(r.out()).contains("boosting rounds trained");
    }
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void digitsAsha_promotesFromBoosterCheckpoints_countsEachRoundOnce() throws IOException {
    JsonNode s = run("""
        study: {name: xgb-asha, direction: maximize, sampler: random, seed: 3, nTrials: 6,
                pruner: asha}
        workload: {type: xgboost, rounds: 12, minRounds: 4, reductionFactor: 3, reportEvery: 4}
        space:
          eta: {type: float, low: 0.1, high: 0.5, log: true}
          max_depth: {type: int, low: 2, high: 5}
        execution: {mode: tasks}
        """);
    assertThat(s.get("workload").asText()).isEqualTo("xgboost");
    assertThat(s.get("execution").get("mode").asText()).isEqualTo("tasks");
    assertThat(s.get("bestValue").asDouble()).isGreaterThan(0.8);
    assertThat(s.get("testScore").asDouble()).isGreaterThan(0.8);
    assertThat(s.get("execution").get("promotions").asInt()).isPositive();
    // 6 trials at rung 4 rounds, the promoted ones on to 12: fewer rounds than 6 x 12
    assertThat(s.get("roundsTrained").asLong()).isBetween(6L * 4 + 8, 6L * 12 - 1);
    assertThat(s.get("roundsWithoutPruning").asLong()).isEqualTo(72);
  }

  @Test
  void regressionCsv_medianPruner_reportsRmse() throws IOException {
    Path csv = dir.resolve("reg.csv");
    SplittableRandom rng = new SplittableRandom(9);
    StringBuilder b = new StringBuilder("a,b,c,target\n");
    for (int i = 0; i < 300; i++) {
      double x0 = rng.nextDouble();
      double x1 = rng.nextDouble();
      double x2 = rng.nextDouble();
      b.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n", x0, x1, x2,
          4 * x0 - 3 * x1 * x2 + 0.05 * rng.nextGaussian()));
    }
    Files.writeString(csv, b);
    JsonNode s = run("""
        study: {name: xgb-reg, direction: minimize, sampler: random, seed: 3, nTrials: 4,
                pruner: median}
        workload: {type: xgboost, data: '%s', header: true, label: target,
                   objective: 'reg:squarederror', metric: rmse, rounds: 20, reportEvery: 5}
        space:
          eta: {type: float, low: 0.1, high: 0.5}
          max_depth: {type: int, low: 2, high: 4}
        """.formatted(csv));
    assertThat(s.get("testMetric").asText()).isEqualTo("rmse");
    assertThat(s.get("bestValue").asDouble()).isBetween(0.0, 0.5);
    assertThat(s.get("roundsTrained").asLong()).isLessThanOrEqualTo(80);
  }

  @Test
  void digitsNativeEngine_inTasks() throws IOException {
    JsonNode s = run("""
        study: {name: digits-native, direction: maximize, sampler: random, seed: 7, nTrials: 3}
        workload: {type: digits-forest, engine: native, folds: 2}
        space:
          n_estimators: {type: int, low: 5, high: 20}
          max_depth: {type: int, low: 2, high: 6}
        """, "--mode", "tasks");
    assertThat(s.get("engine").asText()).isEqualTo("native");
    assertThat(s.get("nativeMode").asText()).isEqualTo("boosted");
    assertThat(s.get("bestValue").asDouble()).isGreaterThan(0.85);
  }
}
