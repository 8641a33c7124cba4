package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.spark.SharedSpark;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors on the path to a workload: a bad {@code workload.class} or {@code workload.type}, a user
 * objective that throws when constructed, a data file that cannot be read or parsed, the old
 * {@code mlp:} section. Each exits with code 2 and one exact message naming the field, the value
 * and what was expected, without Java exception class names; nothing is written.
 */
final class WorkloadErrorsTest {
  private static final String SPACE = """
      space:
        x: {type: float, low: -1, high: 1}
      """;

  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  private Outcome run(String yaml) throws IOException {
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, yaml);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"run", "--config", cfg.toString(), "--output",
        dir.resolve("out").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static String study(String workload) {
    return "study: {name: w, direction: minimize, sampler: random, nTrials: 2}\n"
        + "workload: " + workload + "\n" + SPACE;
  }

  static Stream<Arguments> badWorkloads() {
    return Stream.of(
        Arguments.of(study("{class: com.acme.Nope}"), "workload.class must name a class on the"
            + " classpath (pass its jar with --jars), but got 'com.acme.Nope'"),
        Arguments.of(study("{class: java.lang.String}"), "workload.class must name a class that"
            + " implements io.sparktune.workload.Workload or io.sparktune.study.Objective, but"
            + " got 'java.lang.String'"),
        Arguments.of(study("{class: com.acme.NoDefaultConstructor}"), "workload.class must name"
            + " a public class with a public no-argument constructor, but got"
            + " 'com.acme.NoDefaultConstructor'"),
        Arguments.of(study("{class: com.acme.ExplodingObjective}"), "workload.class must"
            + " construct without error, but new com.acme.ExplodingObjective() failed: the model"
            + " server at acme:8080 is down"),
        Arguments.of(study("{type: digits-forest, class: com.acme.ChurnWorkload}"),
            "workload must give one of [type, class], but got both"),
        Arguments.of(study("{engine: local}"), "workload.type must be one of [digits-forest,"
            + " mnist-mlp, mllib, xgboost] (or workload.class a class name), but got none"),
        Arguments.of(study("{class: com.acme.ChurnWorkload, rows: 5}"),
            "workload.rows must be >= 50, but got 5"),
        Arguments.of(study("{class: com.acme.ChurnWorkload, folds: 3}"),
            "workload must be one of the fields [rows], but got 'folds'"),
        Arguments.of(study("{class: com.acme.ChurnWorkload}")
                .replace("nTrials: 2}", "nTrials: 2, pruner: asha}"),
            "study.pruner must be one of [none, median, percentile] when workload.class is com.acme.ChurnWorkload (asha needs"
                + " an epoch-based workload such as mnist-mlp), but got 'asha'"),
        Arguments.of(study("{class: com.acme.ChurnWorkload}") + "execution: {mode: tasks}\n",
            "execution.mode must be one of [auto, threads, jobs] when workload.class is"
                + " com.acme.ChurnWorkload (its trials start Spark jobs, they cannot run inside a task), but got"
                + " 'tasks'"),
        Arguments.of(study("{type: mnist-mlp}") + "mlp: {epochs: 3}\n", "mlp has moved under"
            + " workload: put its keys [data, maxTrain, validationFraction, itersPerEpoch,"
            + " epochs, minEpochs, reductionFactor, promotionQuota] in workload:, but got a"
            + " top-level mlp section"));
  }

  @ParameterizedTest
  @MethodSource("badWorkloads")
  void run_badWorkload_exits2WithExactMessage(String yaml, String message) throws IOException {
    Outcome o = run(yaml);
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: " + message);
    assertThat(o.err()).doesNotContain("Exception");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private static String digits(String data) {
    return """
        study: {name: d, direction: maximize, sampler: random, nTrials: 1}
        workload: {type: digits-forest, folds: 2, data: '%s'}
        space:
          n_estimators: {type: int, low: 1, high: 3}
          max_depth: {type: int, low: 1, high: 3}
        """.formatted(data);
  }

  @Test
  void run_digitsDataMissing_exits2NamingTheFile() throws IOException {
    Path missing = dir.resolve("nope.csv");
    Outcome o = run(digits(missing.toString()));
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: workload.data must be 'bundled' or"
        + " a readable CSV file, but got '" + missing + "'");
  }

  @Test
  @Tag("spark")
  void run_digitsDataNotNumbers_exits2NamingTheFileAndLine() throws IOException {
    SharedSpark.session();
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "1,2,0\n3,x,1\n");
    Outcome o = run(digits(bad.toString()));
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: workload.data must be a CSV file"
        + " of numbers with an integer label last, but got '" + bad + "' (" + bad + " line 2"
        + " must hold numbers, but got '3,x,1')");
    assertThat(o.err()).doesNotContain("Exception");
  }

  @Test
  void run_mnistDataDirectoryWithoutIdx_exits2() throws IOException {
    Outcome o = run("""
        study: {name: m, direction: maximize, sampler: random, nTrials: 1}
        workload: {type: mnist-mlp, data: '%s'}
        space:
          hidden_layers: {type: int, low: 1, high: 2}
          units: {type: int, low: 16, high: 32}
          solver: {type: categorical, choices: [l-bfgs]}
          step_size: {type: float, low: 0.01, high: 1.0}
          block_size: {type: categorical, choices: [64]}
          tol: {type: float, low: 1.0e-8, high: 1.0e-4}
        """.formatted(dir));
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: workload.data must be 'bundled' or"
        + " a directory holding train-images-idx3-ubyte(.gz), but got '" + dir + "'");
  }

  /** A jar's META-INF/services entry adds its workload type; the unknown-type message lists it. */
  @Test
  void resolve_serviceInContextClassLoader_foundAndListed() throws IOException {
    Path services = dir.resolve("jar/META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("io.sparktune.workload.Workload"),
        "com.acme.ChurnWorkload\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader jar = new URLClassLoader(new URL[] {dir.resolve("jar").toUri().toURL()},
        before)) {
      thread.setContextClassLoader(jar);
      assertThat(Workloads.types()).containsExactly("digits-forest", "mnist-mlp", "mllib",
          "xgboost", "churn");
      assertThat(Workloads.resolve(new ConfigNode(new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode().put("type", "churn"), "workload")).type()).isEqualTo("churn");
      Outcome o = run(study("{type: churm}"));
      assertThat(o.code()).isEqualTo(2);
      assertThat(o.err().lines().findFirst()).hasValue("error: workload.type must be one of"
          + " [digits-forest, mnist-mlp, mllib, xgboost, churn], but got 'churm'");
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
