package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed config or command line exits with code 2 and one exact message naming the field
 * and what it allows; nothing runs and nothing is written.
 */
final class ConfigErrorsTest {
  static final String VALID = """
      study:
        name: digits-forest
        direction: maximize
        sampler: grid
        seed: 42
        nTrials: 35
        parallelism: 2
      workload:
        type: digits-forest
        engine: local
        folds: 5
        testFraction: 0.1
      space:
        n_estimators: {type: int, low: 1, high: 200, log: true}
        max_depth: {type: int, low: 1, high: 100, log: true}
      grid:
        n_estimators: [1, 5, 10, 20, 50, 100, 200]
        max_depth: [1, 5, 10, 20, 100]
      """;

  @TempDir Path dir;


  private Path config(String text) throws IOException {
    Path p = dir.resolve("c.yaml");
    Files.writeString(p, text);
    return p;
  }

  static Stream<Arguments> malformedConfigs() {
    return Stream.of(
        Arguments.of(VALID.replace("direction: maximize", "direction: maximise"),
            "study.direction must be one of [minimize, maximize], but got 'maximise'"),
        Arguments.of(VALID.replace("sampler: grid", "sampler: bayes"),
            "study.sampler must be one of [grid, random, tpe], but got 'bayes'"),
        Arguments.of(VALID.replace("nTrials: 35", "nTrials: 0"),
            "study.nTrials must be >= 1, but got 0"),
        Arguments.of(VALID.replace("nTrials: 35", "nTrials: ten"),
            "study.nTrials must be an integer, but got 'ten'"),
        Arguments.of(VALID.replace("parallelism: 2", "parallelism: -1"),
            "study.parallelism must be >= 1, but got -1"),
        Arguments.of(VALID.replace("engine: local", "engine: sklearn"),
            "workload.engine must be one of [native, local], but got 'sklearn'"),
        Arguments.of(VALID.replace("folds: 5", "folds: 1"),
            "workload.folds must be >= 2, but got 1"),
        Arguments.of(VALID.replace("testFraction: 0.1", "testFraction: 1.5"),
            "workload.testFraction must be in (0, 1), but got 1.5"),
        Arguments.of(VALID.replace("type: digits-forest", "type: mnist-cnn"),
            "workload.type must be one of [digits-forest, mnist-mlp, mllib, xgboost], but got"
                + " 'mnist-cnn'"),
        Arguments.of(VALID.replace("{type: int, low: 1, high: 100, log: true}",
                "{type: integer, low: 1, high: 100}"),
            "space.max_depth.type must be one of [float, int, categorical], but got 'integer'"),
        Arguments.of(VALID.replace("{type: int, low: 1, high: 200, log: true}",
                "{type: int, low: 200, high: 1}"),
            "space.n_estimators.low must be <= high, but got low=200, high=1"),
        Arguments.of(VALID.replace("{type: int, low: 1, high: 200, log: true}",
                "{type: int, low: 0, high: 200, log: true}"),
            "space.n_estimators.low must be >= 1 for a log distribution, but got 0"),
        Arguments.of(VALID.replace("max_depth: [1, 5, 10, 20, 100]", "max_depth: [1, 500]"),
            "grid.max_depth values must lie in space.max_depth (IntDistribution[low=1, high=100,"
                + " log=true, step=1]), but got 500"),
        Arguments.of(VALID.substring(0, VALID.indexOf("grid:")),
            "grid must be given when study.sampler is grid, but got none"),
        Arguments.of(VALID + "optimizer: adam\n",
            "config must be one of the fields [study, workload, space, grid, execution, storage,"
                + " output, master],"
                + " but got 'optimizer'"),
        Arguments.of(VALID.replace("seed: 42", "seed: 42\n  nTrails: 3"),
            "study must be one of the fields [name, direction, sampler, seed, nTrials, "
                + "timeoutSeconds, parallelism, trialTimeoutSeconds, pruner, prunerPercentile,"
                + " prunerWarmupSteps, prunerStartupTrials], but got 'nTrails'"),
        Arguments.of(VALID.replace("name: digits-forest", "name: 'my study!'"),
            "study.name must be a non-empty name of letters, digits, '.', '_' or '-', but got"
                + " 'my study!'"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: hyperband"),
            "study.pruner must be one of [none, median, percentile] when workload.type is"
                + " digits-forest"
                + " (hyperband needs an epoch-based workload such as mnist-mlp), but got"
                + " 'hyperband'"),
        Arguments.of("study: [1, 2]\n", "study must be a mapping, but got [1,2]"),
        Arguments.of(VALID + "execution: {mode: gpu}\n",
            "execution.mode must be one of [auto, threads, tasks, jobs], but got 'gpu'"),
        Arguments.of(VALID.replace("engine: local", "engine: mllib"),
            "workload.engine must be one of [native, local] (the MLlib random forest is now"
                + " workload.type: mllib, see conf/digits-mllib.yaml), but got 'mllib'"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: quantile"),
            "study.pruner must be one of [none, median, percentile, asha, sha, hyperband], but"
                + " got 'quantile'"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: percentile\n  prunerPercentile: 120"),
            "study.prunerPercentile must be in [0, 100], but got 120.0"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: percentile\n  prunerPercentile: -1"),
            "study.prunerPercentile must be in [0, 100], but got -1.0"),
        Arguments.of(VALID.replace("parallelism: 2",
                "pruner: percentile\n  prunerPercentile: half"),
            "study.prunerPercentile must be a number, but got 'half'"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: median\n  prunerPercentile: 30"),
            "study.pruner must be percentile when study.prunerPercentile is given, but got"
                + " 'median'"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: median\n  prunerWarmupSteps: -2"),
            "study.prunerWarmupSteps must be >= 0, but got -2"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: median\n  prunerWarmupSteps: 1.5"),
            "study.prunerWarmupSteps must be an integer, but got 1.5"),
        Arguments.of(VALID.replace("parallelism: 2", "prunerWarmupSteps: 3"),
            "study.pruner must be one of [median, percentile] when study.prunerWarmupSteps is"
                + " given, but got 'none'"),
        Arguments.of(VALID.replace("parallelism: 2",
                "pruner: percentile\n  prunerStartupTrials: -1"),
            "study.prunerStartupTrials must be >= 0, but got -1"),
        Arguments.of(VALID.replace("parallelism: 2", "pruner: none\n  prunerStartupTrials: 2"),
            "study.pruner must be one of [median, percentile] when study.prunerStartupTrials is"
                + " given, but got 'none'"),
        Arguments.of(VALID + "execution: {mode: jobs, loop: sync}\n",
            "execution.loop must be async when execution.mode is jobs, but got 'sync'"));
  }

  @ParameterizedTest
  @MethodSource("malformedConfigs")
  void run_malformedConfig_exits2WithExactMessage(String yaml, String message)
      throws IOException {
    Path out = dir.resolve("out");
    Run o = Run.main("run", "--config", config(yaml).toString(), "--output", out.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: " + message);
    assertThat(out).doesNotExist();
  }

  @Test
  void run_invalidYaml_exits2NamingTheLine() throws IOException {
    Run o = Run.main("run", "--config", config("study:\n  name: [unclosed\n").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: config " + dir.resolve("c.yaml")
        + " must be valid YAML or JSON, but got a syntax error at line");
  }

  @Test
  void run_missingFile_exits2() {
    Run o = Run.main("run", "--config", dir.resolve("nope.yaml").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue(
        "error: --config must be a readable file, but got '" + dir.resolve("nope.yaml") + "'");
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of(new String[] {},
            "command must be one of [run, report, export, import], but got none"),
        Arguments.of(new String[] {"tune"},
            "command must be one of [run, report, export, import], but got 'tune'"),
        Arguments.of(new String[] {"run"}, "--config must be given, but got none"),
        Arguments.of(new String[] {"run", "--config", "X", "--trials", "3"},
            "option must be one of [--config, --n-trials, --sampler, --seed, --output, --master,"
                + " --engine, --parallelism, --mode, --loop, --storage, --trials-format,"
                + " --pruner, --pruner-percentile, --pruner-warmup-steps, --pruner-startup-trials,"
                + " --verbose], but got '--trials'"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner", "quantile"},
            "--pruner must be one of [none, median, percentile, asha, sha, hyperband], but got"
                + " 'quantile'"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner", "percentile",
            "--pruner-percentile", "101"},
            "--pruner-percentile must be in [0, 100], but got 101"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner", "percentile",
            "--pruner-percentile", "top"},
            "--pruner-percentile must be a number, but got 'top'"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner", "median",
            "--pruner-warmup-steps", "-1"},
            "--pruner-warmup-steps must be >= 0, but got -1"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner-startup-trials", "2"},
            "study.pruner must be one of [median, percentile] when study.prunerStartupTrials is"
                + " given, but got 'none'"),
        Arguments.of(new String[] {"run", "--config", "@", "--pruner", "sha"},
            "study.pruner must be one of [none, median, percentile] when workload.type is"
                + " digits-forest (sha needs an epoch-based workload such as mnist-mlp), but got"
                + " 'sha'"),
        Arguments.of(new String[] {"run", "--config", "@", "--trials-format", "xml"},
            "--trials-format must be one of [parquet, csv, json], but got 'xml'"),
        Arguments.of(new String[] {"run", "--config"},
            "--config must be followed by a value, but got none"),
        Arguments.of(new String[] {"run", "--config", "@", "--n-trials", "abc"},
            "--n-trials must be an integer, but got 'abc'"),
        Arguments.of(new String[] {"run", "--config", "@", "--n-trials", "0"},
            "--n-trials must be >= 1, but got 0"),
        Arguments.of(new String[] {"run", "--config", "@", "--sampler", "cmaes"},
            "--sampler must be one of [grid, random, tpe], but got 'cmaes'"),
        Arguments.of(new String[] {"run", "--config", "@", "--engine=gpu"},
            "--engine must be one of [native, local], but got 'gpu'"),
        Arguments.of(new String[] {"run", "--config", "@", "--engine", "mllib"},
            "workload.engine must be one of [native, local] (the MLlib random forest is now"
                + " workload.type: mllib, see conf/digits-mllib.yaml), but got 'mllib'"),
        Arguments.of(new String[] {"run", "--config", "@", "--seed", "1.5"},
            "--seed must be an integer, but got '1.5'"));
  }

  @ParameterizedTest
  @MethodSource("badCommandLines")
  void run_badCommandLine_exits2WithExactMessage(String[] args, String message)
      throws IOException {
    Path valid = config(VALID);
    String[] resolved = Stream.of(args).map(a -> a.equals("@") ? valid.toString() : a)
        .toArray(String[]::new);
    Run o = Run.main(resolved);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: " + message);
  }

  @Test
  void help_printsUsageAndExits0() {
    Run o = Run.main("--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("usage: sparktune run --config FILE").contains("exit codes");
  }

  @Test
  void parse_validConfig_allFieldsBound() {
    JobConfig c = ConfigLoader.parse(VALID, "t");
    assertThat(c.study().nTrials()).isEqualTo(35);
    assertThat(c.grid().get("n_estimators")).hasSize(7);
    assertThat(c.space().params()).containsOnlyKeys("n_estimators", "max_depth");
    assertThat(c.output()).isEqualTo("out/digits-forest");
  }

  @Test
  void parse_percentilePruner_settingsBoundAndDefaults() {
    JobConfig c = ConfigLoader.parse(VALID.replace("parallelism: 2", "pruner: percentile\n"
        + "  prunerPercentile: 40\n  prunerWarmupSteps: 3\n  prunerStartupTrials: 2"), "t");
    assertThat(c.study().pruner()).isEqualTo("percentile");
    assertThat(c.study().prunerPercentile()).isEqualTo(40.0);
    assertThat(c.study().prunerWarmupSteps()).isEqualTo(3);
    assertThat(c.study().prunerStartupTrials()).isEqualTo(2);
    JobConfig d = ConfigLoader.parse(VALID.replace("parallelism: 2", "pruner: median"), "t");
    assertThat(d.study().prunerPercentile()).isEqualTo(25.0); // SparkTuner's default
    assertThat(d.study().prunerWarmupSteps()).isZero();
    assertThat(d.study().prunerStartupTrials()).isEqualTo(5); // Optuna's
  }

  @Test
  void overrides_prunerOption_replacesTheConfigsPrunerSettings() throws Exception {
    var tree = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(VALID.replace(
            "parallelism: 2", "pruner: median\n  prunerWarmupSteps: 2\n  prunerStartupTrials: 1"));
    JobConfig none = Overrides.apply(tree, CommandLine.parse(
        new String[] {"run", "--config", "c.yaml", "--pruner", "none"}));
    assertThat(none.study().pruner()).isEqualTo("none");
    assertThat(none.study().prunerWarmupSteps()).isZero();
    JobConfig p = Overrides.apply(tree, CommandLine.parse(new String[] {"run", "--config",
        "c.yaml", "--pruner", "percentile", "--pruner-percentile", "10"}));
    assertThat(p.study().prunerPercentile()).isEqualTo(10.0);
    assertThat(p.study().prunerWarmupSteps()).isEqualTo(2); // kept: percentile takes it too
    assertThat(p.study().prunerStartupTrials()).isEqualTo(1);
  }

  @Test
  void parse_jsonConfig_sameAsYaml() throws Exception {
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(VALID);
    JobConfig fromJson = ConfigLoader.parse(yaml.toString(), "t.json");
    assertThat(fromJson).isEqualTo(ConfigLoader.parse(VALID, "t"));
  }
}
