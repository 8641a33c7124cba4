package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first way to tune your own code, exactly as a user runs it: a plain {@code Objective} in the
 * user's own jar (compiled and jarred here from the README's source), named by {@code workload:
 * {class: com.acme.MyObjective}} with a {@code space:} section, and submitted with {@code
 * spark-submit --jars my.jar} on {@code local[2]}; its trials run as Spark tasks. The driver is
 * {@code org.apache.spark.deploy.SparkSubmit} from the Maven classpath in a child JVM, with the
 * pom's {@code spark.jvm.opens} flags, as {@code submit/local.sh} starts it. The application jar is
 * built from {@code target/classes} (in the test phase {@code mvn package} has not made {@code
 * target/sparktune.jar} yet), and neither it nor the classpath holds the user's classes: they come
 * from {@code --jars} only. The same jar registers a workload type by {@code META-INF/services},
 * which the unknown-type message then lists.
 */
@Tag("spark")
final class SubmitOwnObjectiveTest {
  @TempDir Path dir;

  /** The README's objective. */
  static final String OBJECTIVE = """
      package com.acme;

      import io.sparktune.study.Objective;
      import io.sparktune.trial.Trial;

      public class MyObjective implements Objective {
        @Override
        public double evaluate(Trial trial) {
          double x = trial.suggestFloat("x", -10, 10);
          int n = trial.suggestInt("n", 1, 5);
          return (x - 2) * (x - 2) + n;
        }
      }
      """;

  /** A workload type the jar registers through ServiceLoader. */
  static final String WORKLOAD = """
      package com.acme;

      import io.sparktune.workload.Prepared;
      import io.sparktune.workload.Workload;

      public class QuadraticWorkload implements Workload {
        @Override
        public String type() {
          return "acme-quadratic";
        }

        @Override
        public Prepared prepare(org.apache.spark.sql.SparkSession spark, String mode,
            java.io.PrintStream out) {
          return MyObjective::new;
        }
      }
      """;

  static final String CONFIG = """
      study: {name: my-study, direction: minimize, sampler: tpe, seed: 1, nTrials: 6}
      workload: {class: com.acme.MyObjective}
      space:
        x: {type: float, low: -10, high: 10}
        n: {type: int, low: 1, high: 5}
      """;

  @Test
  void sparkSubmit_userJarObjective_runsAsTasksAndWritesSummaryAndReport() throws Exception {
    Path myJar = userJar();
    Path appJar = jar(Path.of("target/classes").toAbsolutePath(), dir.resolve("sparktune.jar"),
        null);
    Path config = dir.resolve("my.yaml");
    Files.writeString(config, CONFIG);
    Path out = dir.resolve("out");

    Process p = submit(appJar, myJar, config, out, "ok");
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the driver ended").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("err-ok.txt"))).isZero();

    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("workload").asText()).isEqualTo("com.acme.MyObjective");
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(6);
    assertThat(s.get("execution").get("mode").asText()).isEqualTo("tasks");
    assertThat(s.get("bestValue").asDouble()).isBetween(1.0, 50.0);
    assertThat(s.get("sparkMaster").asText()).isEqualTo("local[2]");
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(Files.readString(dir.resolve("out-ok.txt"))).contains("trials as Spark tasks");

    Files.writeString(config, CONFIG.replace("{class: com.acme.MyObjective}", "{type: acme}"));
    Process bad = submit(appJar, myJar, config, dir.resolve("out-bad"), "bad");
    assertThat(bad.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("err-bad.txt"))).contains("error: workload.type must"
        + " be one of [digits-forest, mnist-mlp, mllib, xgboost, acme-quadratic], but got 'acme'");
  }

  /** Compiles the user's sources against the classpath and jars them with a services file. */
  private Path userJar() throws IOException {
    Path src = dir.resolve("src/com/acme");
    Files.createDirectories(src);
    Files.writeString(src.resolve("MyObjective.java"), OBJECTIVE);
    Files.writeString(src.resolve("QuadraticWorkload.java"), WORKLOAD);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp",
        System.getProperty("java.class.path"), src.resolve("MyObjective.java").toString(),
        src.resolve("QuadraticWorkload.java").toString());
    assertThat(rc).as("javac").isZero();
    return jar(classes, dir.resolve("my.jar"), "com.acme.QuadraticWorkload\n");
  }

  /** Jars {@code classes} (and a Workload services file when {@code service} is not null). */
  static Path jar(Path classes, Path target, String service) throws IOException {
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jar);
        jar.closeEntry();
      }
      if (service != null) {
        jar.putNextEntry(new JarEntry("META-INF/services/io.sparktune.workload.Workload"));
        OutputStream o = jar;
        o.write(service.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return target;
  }

  /**
   * {@code java <spark.jvm.opens> -cp APP:DEPS org.apache.spark.deploy.SparkSubmit --master
   * local[2] --jars my.jar --class io.sparktune.cli.Main APP run --config my.yaml --output OUT}.
   */
  private Process submit(Path appJar, Path myJar, Path config, Path out, String name)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(sparkSubmit(appJar, myJar, "run", "--config",
        config.toString(), "--output", out.toString()))
        .redirectOutput(dir.resolve("out-" + name + ".txt").toFile())
        .redirectError(dir.resolve("err-" + name + ".txt").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /**
   * The command line of {@code SparkSubmit} from the Maven classpath, as {@code submit/local.sh}
   * starts it, on {@code local[2]} with {@code --jars myJar}: {@code java <spark.jvm.opens> -cp
   * APP:DEPS org.apache.spark.deploy.SparkSubmit ... --class io.sparktune.cli.Main APP ARGS}
   * (also used by {@code CourseObjectiveTest}).
   */
  static List<String> sparkSubmit(Path appJar, Path myJar, String... mainArgs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOpens().split("\\s+")));
    List<String> deps = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.endsWith("classes") && !e.endsWith("classes" + File.separator))
        .toList(); // the Maven dependencies: no sparktune or test classes
    cmd.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1",
        "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", appJar + File.pathSeparator + String.join(File.pathSeparator, deps),
        "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
        "--properties-file", Path.of("conf/spark-defaults.conf").toAbsolutePath().toString(),
        "--conf", "spark.ui.enabled=false", "--jars", myJar.toString(),
        "--class", Main.class.getName(), appJar.toString()));
    cmd.addAll(List.of(mainArgs));
    return cmd;
  }

  /** The pom's {@code spark.jvm.opens}, as {@code submit/common.sh} reads it. */
  private static String jvmOpens() throws IOException {
    Matcher m = Pattern.compile("<spark.jvm.opens>(.*)</spark.jvm.opens>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).as("pom.xml spark.jvm.opens").isTrue();
    return m.group(1).trim();
  }
}
