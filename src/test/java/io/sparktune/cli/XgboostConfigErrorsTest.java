package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad xgboost configs: exit code 2, one exact message naming the field, nothing written. */
final class XgboostConfigErrorsTest {
  @TempDir Path dir;

  private static String config(String direction, String pruner, String workload, String space) {
    return """
        study: {name: x, direction: %s, sampler: random, nTrials: 2, pruner: %s}
        workload: {type: xgboost%s}
        space:
          eta: {type: float, low: 0.1, high: 0.3}
        %s
        """.formatted(direction, pruner, workload, space);
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(config("minimize", "none", "", ""), "study.direction must be maximize when"
            + " workload.metric is accuracy, but got minimize"),
        Arguments.of(config("maximize", "none", ", objective: 'reg:squarederror', metric:"
            + " accuracy", ""), "workload.metric must be one of [rmse, mae] when"
            + " workload.objective is reg:squarederror, but got 'accuracy'"),
        Arguments.of(config("maximize", "none", ", metric: auc", ""), "workload.metric must be"
            + " one of [accuracy, logloss] when workload.objective is multi:softprob, but got"
            + " 'auc'"),
        Arguments.of(config("maximize", "none", ", objective: 'rank:pairwise'", ""),
            "workload.objective must be one of [multi:softprob, binary:logistic,"
            + " reg:squarederror, reg:absoluteerror, reg:pseudohubererror], but got"
            + " 'rank:pairwise'"),
        Arguments.of(config("maximize", "asha", "", "  rounds: {type: int, low: 10, high: 50}"),
            "space.rounds must not be defined when study.pruner is asha (the boosting rounds are"
            + " its budget: set workload.rounds and workload.minRounds), but got a rounds"
            + " parameter in the space"),
        Arguments.of(config("maximize", "none", "", "  learning_rate: {type: float, low: 0.1,"
            + " high: 0.2}"), "space must define only names of [eta, max_depth,"
            + " min_child_weight, subsample, colsample_bytree, colsample_bynode, lambda, alpha,"
            + " gamma, max_bin, rounds] when workload.type is xgboost, but got [learning_rate]"),
        Arguments.of(config("maximize", "none", ", rounds: 20, minRounds: 30", ""),
            "workload.minRounds must be <= workload.rounds (20), but got 30"),
        Arguments.of(config("maximize", "none", ", data: /no/such/table.csv", ""),
            "workload.data must be 'bundled' or a file or directory Spark reads, but got"
            + " '/no/such/table.csv' (no such file)"));
  }

  @ParameterizedTest
  @MethodSource("badConfigs")
  void run_badConfig_exits2WithTheMessage(String yaml, String message) throws IOException {
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, yaml);
    Run r = Run.main("run", "--config", cfg.toString(), "--output", dir.resolve("out").toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains("error: " + message);
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
