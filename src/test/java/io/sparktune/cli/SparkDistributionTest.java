package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars on a Spark distribution that holds only Spark's own jars. Its {@code jars/}
 * links the runtime closure of spark-core, spark-sql and spark-mllib, resolved by Maven from
 * {@code src/test/spark-dist/pom.xml} with nothing of the project (no Tribuo, no jline, no
 * opencsv ...); {@code bin/spark-submit} does what Spark's launcher does for a client-mode driver.
 * The application jar must run the digits study there, with {@code bin/spark-submit} (the
 * README's command) and through {@code submit/local.sh} with {@code SPARK_HOME} set; the thin jar
 * must not.
 *
 * <p>Needs the packaged jars ({@code mvn -B -DskipTests package}); tag {@code dist}, run by
 * {@code .ci/run} as {@code mvn -B test -Pdist -Dgroups=dist}.
 */
@Tag("dist")
final class SparkDistributionTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path APP_JAR = ROOT.resolve("target/sparktune-app.jar");
  private static final Path THIN_JAR = ROOT.resolve("target/sparktune.jar");

  @TempDir static Path dir;
  private static Path sparkHome;
  private static List<Path> sparkJars;

  @BeforeAll
  static void layOutSparkHome() throws IOException {
    for (Path jar : List.of(APP_JAR, THIN_JAR)) {
      assertThat(jar).as("%s must be built first: mvn -B -DskipTests package", jar)
          .isRegularFile();
      assertThat(newestSource()).as("%s must be newer than pom.xml and src/main: run mvn -B"
          + " -DskipTests package", jar).isLessThanOrEqualTo(Files.getLastModifiedTime(jar));
    }
    Path cpFile = dir.resolve("spark-dist-classpath.txt");
    Launch.Result mvn = Launch.run(List.of("mvn", "-B", "-q", "-f",
        "src/test/spark-dist/pom.xml", "-Dspark.version=" + pomProperty("spark.version"),
        "dependency:build-classpath", "-Dmdep.outputFile=" + cpFile), Map.of(), 600);
    assertThat(mvn.code()).as(mvn.describe()).isZero();
    sparkJars = Arrays.stream(Files.readString(cpFile).trim().split(":")).map(Path::of).toList();

    sparkHome = dir.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    for (Path jar : sparkJars) {
      Files.createSymbolicLink(sparkHome.resolve("jars").resolve(jar.getFileName()), jar);
    }
    Path bin = Files.createDirectories(sparkHome.resolve("bin"));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, """
        #!/usr/bin/env bash
        # bin/spark-submit of a Spark-only distribution laid out from Maven jars: what Spark's
        # launcher does for a client-mode driver (the module flags, --driver-memory as -Xmx,
        # --driver-java-options as JVM options, conf/ and jars/ on the class path).
        set -euo pipefail
        SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"
        printf '%%s\\n' "$@" > "$SPARK_HOME/last-submit-args.txt"
        jvm=(); args=("$@")
        for ((i = 0; i < ${#args[@]}; i++)); do
          case "${args[i]}" in
            --driver-memory) jvm+=("-Xmx${args[i+1]}") ;;
            --driver-java-options) read -r -a more <<< "${args[i+1]}"; jvm+=("${more[@]}") ;;
            --class) break ;;
          esac
        done
        exec java %s "${jvm[@]}" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \\
          org.apache.spark.deploy.SparkSubmit "$@"
        """.formatted(pomProperty("spark.jvm.opens")));
    assertThat(submit.toFile().setExecutable(true)).isTrue();
  }

  private static FileTime newestSource() throws IOException {
    try (Stream<Path> files = Stream.concat(Stream.of(ROOT.resolve("pom.xml")),
        Files.walk(ROOT.resolve("src/main")))) {
      return files.map(f -> {
        try {
          return Files.getLastModifiedTime(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).max(FileTime::compareTo).orElseThrow();
    }
  }

  private static String pomProperty(String name) throws IOException {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name)
        + ">").matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(m.find()).as("pom.xml property %s", name).isTrue();
    return m.group(1).trim();
  }

  /**
   * The README's command, {@code "$SPARK_HOME"/bin/spark-submit --master 'local[2]' --class
   * io.sparktune.cli.Main JAR run --config conf/digits.yaml --sampler random --n-trials 2}, with
   * the UI off and {@code --output} in the test's folder. The distribution's bin/spark-submit runs
   * {@code java <spark.jvm.opens> -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*"
   * org.apache.spark.deploy.SparkSubmit} with these arguments.
   */
  private static List<String> sparkSubmit(Path jar, Path out) {
    return List.of(sparkHome.resolve("bin/spark-submit").toString(), "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--class", "io.sparktune.cli.Main", jar.toString(),
        "run", "--config", "conf/digits.yaml", "--sampler", "random", "--n-trials", "2",
        "--output", out.toString());
  }

  private static JsonNode summary(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  private static void assertBestTrial(Path out, Launch.Result r) throws IOException {
    assertThat(r.code()).as(r.describe()).isZero();
    JsonNode s = summary(out);
    assertThat(s.get("counts").get("COMPLETE").asInt()).as(r.describe()).isEqualTo(2);
    assertThat(s.get("bestTrial").isInt()).as("summary.json bestTrial: %s", s).isTrue();
    assertThat(s.get("bestValue").asDouble()).isBetween(0.5, 1.0);
    assertThat(s.get("bestParams").has("n_estimators")).isTrue();
    assertThat(out.resolve("report.html")).isNotEmptyFile();
  }

  private static Set<String> classes(Path jar) throws IOException {
    try (ZipFile z = new ZipFile(jar.toFile())) {
      Set<String> names = new HashSet<>();
      z.stream().map(ZipEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/")
              && !n.endsWith("module-info.class"))
          .forEach(names::add);
      return names;
    }
  }

  private static String entry(Path jar, String name) throws IOException {
    try (ZipFile z = new ZipFile(jar.toFile())) {
      ZipEntry e = z.getEntry(name);
      assertThat(e).as("%s in %s", name, jar).isNotNull();
      return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sparkHome_holdsSparksOwnJarsOnly() {
    List<String> names = sparkJars.stream().map(p -> p.getFileName().toString()).toList();
    assertThat(names).anyMatch(n -> n.startsWith("spark-core_"))
        .anyMatch(n -> n.startsWith("spark-mllib_")).anyMatch(n -> n.startsWith("scala-library-"))
        .anyMatch(n -> n.startsWith("hadoop-client-api-"))
        .noneMatch(n -> n.startsWith("tribuo-") || n.startsWith("olcut-")
            || n.startsWith("jline-") || n.startsWith("sparktune"));
  }

  @Test
  void appJar_onSparkOnlyDistribution_runsTheDigitsStudy() throws IOException {
    Path out = dir.resolve("app");
    assertBestTrial(out, Launch.run(sparkSubmit(APP_JAR, out), Map.of(), 600));
  }

  @Test
  void thinJar_onSparkOnlyDistribution_fails() throws IOException {
    Path out = dir.resolve("thin");
    Launch.Result r = Launch.run(sparkSubmit(THIN_JAR, out), Map.of(), 600);
    assertThat(r.code()).as("the thin jar lacks XGBoost4J, the default engine's library, so the"
        + " digits study stops at its config on a distribution of Spark's jars alone: exit 2"
        + " expected\n%s", r.describe()).isEqualTo(2);
    assertThat(r.output()).as("the error names the missing library\n%s", r.describe())
        .contains("error: workload.engine native needs XGBoost4J (ml.dmlc:xgboost4j_2.12), but it"
            + " is not on the classpath (ml.dmlc.xgboost4j.java.XGBoostError is missing)");
  }

  @Test
  void localSh_withSparkHome_submitsTheAppJarAndJars() throws IOException {
    Path out = dir.resolve("local-sh");
    Path userJar = dir.resolve("user-lib.jar");
    Files.copy(THIN_JAR, userJar); // any jar: it must reach --jars
    Launch.Result r = Launch.run(List.of("submit/local.sh", "conf/digits.yaml", "--sampler",
        "random", "--n-trials", "2", "--output", out.toString()),
        Map.of("SPARK_HOME", sparkHome.toString(), "JARS", userJar.toString(),
            "MASTER", "local[2]"), 600);
    assertBestTrial(out, r);
    List<String> args = Files.readAllLines(sparkHome.resolve("last-submit-args.txt"));
    assertThat(args).containsSubsequence("--jars", userJar.toString())
        .containsSubsequence("--class", "io.sparktune.cli.Main", APP_JAR.toString(), "run",
            "--config", "conf/digits.yaml");
  }

  /**
   * The examples project as its README shows: sparktune installed into the local Maven
   * repository, the project built against it, its own objective submitted with {@code --jars}
   * next to the application jar on the Spark-only distribution, and through {@code submit/local.sh}
   * with {@code JARS}.
   */
  @Test
  void examplesProject_buildsAndRunsItsOwnObjective() throws IOException {
    Launch.Result install = Launch.run(List.of("mvn", "-B", "-q", "install:install-file",
        "-Dfile=target/sparktune.jar", "-DpomFile=pom.xml"), Map.of(), 600);
    assertThat(install.code()).as(install.describe()).isZero();
    Launch.Result build = Launch.run(List.of("mvn", "-B", "-q", "-f",
        "examples/custom-objective/pom.xml", "package"), Map.of(), 600);
    assertThat(build.code()).as(build.describe()).isZero();
    Path jar = ROOT.resolve("examples/custom-objective/target/custom-objective.jar");
    assertThat(jar).isRegularFile();

    Path out = dir.resolve("wine-knn");
    Launch.Result r = Launch.run(List.of(sparkHome.resolve("bin/spark-submit").toString(),
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--jars", jar.toString(),
        "--class", "io.sparktune.cli.Main", APP_JAR.toString(), "run", "--config",
        "examples/custom-objective/wine-knn.yaml", "--output", out.toString()), Map.of(), 600);
    assertWineKnn(out, r);

    Path viaLauncher = dir.resolve("wine-knn-local-sh");
    Launch.Result l = Launch.run(List.of("submit/local.sh",
        "examples/custom-objective/wine-knn.yaml", "--n-trials", "4", "--output",
        viaLauncher.toString()), Map.of("JARS", jar.toString(), "MASTER", "local[2]"), 600);
    assertThat(l.code()).as(l.describe()).isZero();
    assertThat(summary(viaLauncher).get("counts").get("COMPLETE").asInt()).isEqualTo(4);
  }

  private static void assertWineKnn(Path out, Launch.Result r) throws IOException {
    assertThat(r.code()).as(r.describe()).isZero();
    JsonNode s = summary(out);
    assertThat(s.get("workload").asText()).isEqualTo("com.example.WineKnn");
    assertThat(s.get("counts").get("COMPLETE").asInt()).as(r.describe()).isEqualTo(20);
    assertThat(s.get("bestValue").asDouble()).as("k-NN on standardised wine").isGreaterThan(0.93);
    assertThat(s.get("bestParams").has("k")).isTrue();
    assertThat(out.resolve("report.html")).isNotEmptyFile();
  }

  @Test
  void appJar_carriesWhatTheDistributionLacks_andNoneOfItsClasses() throws IOException {
    Set<String> app = classes(APP_JAR);
    assertThat(app).contains("io/sparktune/cli/Main.class",
        "org/tribuo/classification/dtree/CARTClassificationTrainer.class",
        "io/sparktune/shaded/org/yaml/snakeyaml/Yaml.class",
        "io/sparktune/shaded/com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
        "io/sparktune/shaded/com/google/protobuf/Message.class");
    assertThat(app).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
        || n.startsWith("org/apache/hadoop/") || n.startsWith("com/fasterxml/jackson/")
        || n.startsWith("org/slf4j/") || n.startsWith("org/apache/logging/")
        || n.startsWith("org/yaml/") || n.startsWith("com/google/protobuf/"));
    // no class of the app jar shadows, or is shadowed by, one of the distribution's
    Set<String> clash = new HashSet<>();
    for (Path jar : sparkJars) {
      for (String c : classes(jar)) {
        if (app.contains(c)) {
          clash.add(c + " (" + jar.getFileName() + ")");
        }
      }
    }
    assertThat(clash).as("classes both in the app jar and in Spark's jars").isEmpty();
    // the report assets and the bundled data
    try (ZipFile thin = new ZipFile(THIN_JAR.toFile())) {
      thin.stream().map(ZipEntry::getName)
          .filter(n -> !n.endsWith("/") && !n.startsWith("META-INF/"))
          .forEach(n -> {
            try (ZipFile z = new ZipFile(APP_JAR.toFile())) {
              assertThat(z.getEntry(n)).as("%s of the thin jar in the app jar", n).isNotNull();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  @Test
  void appJar_servicesSurviveShading_andLicencesAreNamed() throws IOException {
    assertThat(entry(APP_JAR, "META-INF/services/com.fasterxml.jackson.core.JsonFactory"))
        .contains("io.sparktune.shaded.com.fasterxml.jackson.dataformat.yaml.YAMLFactory");
    // every services file of the thin jar (the Workload SPI) is in the app jar, entries intact
    try (ZipFile thin = new ZipFile(THIN_JAR.toFile())) {
      List<String> services = thin.stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList();
      for (String s : services) {
        String ours = new String(thin.getInputStream(thin.getEntry(s)).readAllBytes(),
            StandardCharsets.UTF_8);
        String shaded = entry(APP_JAR, s);
        ours.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
            .forEach(l -> assertThat(shaded).as(s).contains(l));
      }
    }
    String notices = entry(APP_JAR, "META-INF/THIRD-PARTY-NOTICES.txt");
    assertThat(entry(APP_JAR, "META-INF/LICENSE-2.0.txt")).contains("Apache License");
    try (ZipFile z = new ZipFile(APP_JAR.toFile())) {
      List<String> bundled = z.stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties"))
          .map(n -> n.split("/")[3]).filter(a -> !a.equals("sparktune")).toList();
      assertThat(bundled).isNotEmpty()
          .allSatisfy(a -> assertThat(notices).as("THIRD-PARTY-NOTICES names %s", a)
              .contains(a));
    }
    assertThat(notices).contains("protobuf-java");
  }
}
