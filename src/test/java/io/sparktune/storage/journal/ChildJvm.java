package io.sparktune.storage.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link JournalWriterMain} child JVM on the test classpath; its stdout is read line by line. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path stderr;
  final List<String> lines = new ArrayList<>();

  ChildJvm(Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        "-Dlog4j2.configurationFile=log4j2-test.properties",
        JournalWriterMain.class.getName()));
    cmd.addAll(List.of(args));
    this.stderr = stderr;
    this.process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The next stdout line; fails with the child's stderr if it ended. */
  String next() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException("child ended (exit " + exitCode() + ") after " + lines.size()
          + " lines; stderr:\n" + Files.readString(stderr));
    }
    lines.add(line);
    return line;
  }

  /** Reads until a line starts with {@code prefix}, {@code count} times. */
  void awaitLines(String prefix, int count) throws IOException {
    int seen = 0;
    while (seen < count) {
      if (next().startsWith(prefix)) {
        seen++;
      }
    }
  }

  /**
   * kill -9 (SIGKILL through {@link ProcessHandle#destroyForcibly}, which unlike {@link
   * Process#destroyForcibly} leaves stdout open), then reads whatever the child printed before it
   * died.
   */
  void kill() throws IOException, InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
    }
  }

  /** Reads to the end and waits for a normal exit. */
  int finish() throws IOException, InterruptedException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
    }
    process.waitFor(120, TimeUnit.SECONDS);
    return exitCode();
  }

  private int exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
