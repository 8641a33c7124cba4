package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's first exercise, {@code examples/course-objective} (docs/guide/01-objective.md), built
 * and run the two ways the guide shows: (a) {@code LocalStudy}'s {@code main} in a plain
 * {@code java} command ({@code Study.optimize} in that JVM, no Spark), and (b) {@code
 * digits-softmax.yaml} submitted with the example's jar in {@code --jars} (what {@code JARS=...
 * submit/local.sh} passes), trials as Spark tasks on {@code local[2]}. Its sources are compiled
 * here against the test class path (the guide's {@code mvn -f examples/course-objective/pom.xml
 * package} needs sparktune installed into the local Maven repository, which the default test run
 * must not do; {@code SparkDistributionTest} does that for {@code custom-objective}).
 */
@Tag("spark")
final class CourseObjectiveTest {
  private static final Path EXAMPLE = Path.of("examples/course-objective").toAbsolutePath();
  @TempDir static Path dir;
  private static Path exampleJar;

  @BeforeAll
  static void buildTheExample() throws IOException {
    List<String> sources;
    try (Stream<Path> s = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
        System.getProperty("java.class.path")));
    args.addAll(sources);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac").isZero();
    exampleJar = SubmitOwnObjectiveTest.jar(classes, dir.resolve("course-objective.jar"), null);
  }

  @Test
  void localStudy_mainRunsStudyOptimize_andPrintsTheBestTrial() {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", exampleJar + File.pathSeparator + System.getProperty("java.class.path"),
        "com.example.course.LocalStudy", "8", "7");
    Launch.Result r = Launch.run(cmd, Map.of(), 300);
    assertThat(r.code()).as(r.describe()).isZero();
    Matcher m = Pattern.compile("Best trial (\\d+): CV accuracy (0\\.\\d+) with \\{learning_rate="
        + "[^,]+, l2=[^,]+, epochs=\\d+, schedule=(constant|decay)\\} \\(8 trials in")
        .matcher(r.output());
    assertThat(m.find()).as(r.describe()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isBetween(0, 7);
    // 10 classes: chance is 0.1; a softmax regression on the digits pixels reaches ~0.96
    assertThat(Double.parseDouble(m.group(2))).as(r.describe()).isBetween(0.5, 1.0);
  }

  @Test
  void sparkSubmit_withTheExampleJar_runsItsTrialsAsSparkTasks() throws IOException {
    Path appJar = SubmitOwnObjectiveTest.jar(Path.of("target/classes").toAbsolutePath(),
        dir.resolve("sparktune.jar"), null);
    Path out = dir.resolve("spark");
    Launch.Result r = Launch.run(SubmitOwnObjectiveTest.sparkSubmit(appJar, exampleJar, "run",
        "--config", EXAMPLE.resolve("digits-softmax.yaml").toString(), "--n-trials", "4",
        "--output", out.toString()), Map.of(), 300);
    assertThat(r.code()).as(r.describe()).isZero();
    assertThat(r.output()).contains("trials as Spark tasks");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("workload").asText()).isEqualTo("com.example.course.DigitsSoftmax");
    assertThat(s.get("counts").get("COMPLETE").asInt()).as(r.describe()).isEqualTo(4);
    assertThat(s.get("execution").get("mode").asText()).isEqualTo("tasks");
    assertThat(s.get("bestParams").get("schedule").asText()).isIn("constant", "decay");
    assertThat(s.get("bestValue").asDouble()).isBetween(0.5, 1.0);
    assertThat(out.resolve("report.html")).isNotEmptyFile();
  }
}
