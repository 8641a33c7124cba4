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
      "storage", "study", "internal", "report");
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

  /**
   * The equivalent of a module's exports: {@code io.sparktune.internal} is not API, so no public
   * or protected member of a public type elsewhere (parameters, results, exceptions, fields,
   * supertypes, type arguments) may mention one of its types.
   */
  @Test
  void apiSignatures_neverMentionInternalTypes() throws Exception {
    Path classes = Path.of("target/classes");
    List<String> names;
    try (Stream<Path> s = Files.walk(classes.resolve("io/sparktune"))) {
      names = s.map(p -> classes.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.contains("/internal/"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
    }
    assertThat(names).as("compiled API classes").hasSizeGreaterThan(50);
    List<String> leaks = new java.util.ArrayList<>();
    for (String name : names) {
      Class<?> c = Class.forName(name, false, getClass().getClassLoader());
      if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      List<java.lang.reflect.Type> seen = new java.util.ArrayList<>();
      seen.add(c.getGenericSuperclass());
      seen.addAll(List.of(c.getGenericInterfaces()));
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        if (exposed(m.getModifiers()) && !m.isSynthetic()) {
          seen.add(m.getGenericReturnType());
          seen.addAll(List.of(m.getGenericParameterTypes()));
          seen.addAll(List.of(m.getGenericExceptionTypes()));
        }
      }
      for (java.lang.reflect.Constructor<?> k : c.getDeclaredConstructors()) {
        if (exposed(k.getModifiers())) {
          seen.addAll(List.of(k.getGenericParameterTypes()));
        }
      }
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (exposed(f.getModifiers())) {
          seen.add(f.getGenericType());
        }
      }
      for (java.lang.reflect.Type t : seen) {
        if (t != null && mentionsInternal(t)) {
          leaks.add(name + ": " + t.getTypeName());
        }
      }
    }
    assertThat(leaks).as("API signatures that mention io.sparktune.internal").isEmpty();
  }

  private static boolean exposed(int modifiers) {
    return java.lang.reflect.Modifier.isPublic(modifiers)
        || java.lang.reflect.Modifier.isProtected(modifiers);
  }

  private static boolean mentionsInternal(java.lang.reflect.Type t) {
    return t.getTypeName().contains("io.sparktune.internal.");
  }
}
