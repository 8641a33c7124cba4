package io.sparktune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core stays free of Spark and Hadoop, so it is tested in milliseconds without a SparkSession:
 * no file in a core package mentions {@code org.apache.spark} or {@code org.apache.hadoop}.
 */
final class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/sparktune");
  /** Core packages (with their sub-packages) except the edge packages listed below. */
  private static final List<String> CORE = List.of("space", "trial", "sampler", "pruner",
      "storage", "study", "util", "report");
  /** Edge packages inside a core tree that may use Hadoop. */
  private static final List<String> EDGE = List.of("storage/hadoop");
  private static final Pattern FORBIDDEN = Pattern.compile("org\\.apache\\.(spark|hadoop)\\b");

  @Test
  void corePackages_importNoSparkOrHadoop() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(MAIN)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    List<Path> core = files.stream().filter(ArchitectureTest::isCore).toList();
    assertThat(core).as("core sources found").hasSizeGreaterThan(20);
    List<String> offenders = core.stream().filter(ArchitectureTest::mentionsForbidden)
        .map(Path::toString).toList();
    assertThat(offenders).as("core files that mention Spark or Hadoop").isEmpty();
  }

  @Test
  void edgePackages_existAndAreOutsideTheCore() {
    assertThat(MAIN.resolve("spark")).isDirectory();
    assertThat(isCore(MAIN.resolve("spark/SparkSessions.java"))).isFalse();
    assertThat(isCore(MAIN.resolve("study/Study.java"))).isTrue();
  }

  private static boolean isCore(Path file) {
    String rel = MAIN.relativize(file).toString().replace('\\', '/');
    if (EDGE.stream().anyMatch(e -> rel.startsWith(e + "/"))) {
      return false;
    }
    return CORE.stream().anyMatch(c -> rel.startsWith(c + "/"));
  }

  private static boolean mentionsForbidden(Path file) {
    try {
      return FORBIDDEN.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
