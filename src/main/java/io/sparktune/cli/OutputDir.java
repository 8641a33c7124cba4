package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import io.sparktune.spark.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code output} directory: a local path (or {@code file:} URI) written with {@link
 * AtomicFiles} as before, or a Hadoop FileSystem URI ({@code hdfs://...}) written with {@link
 * HadoopFiles} (temp + rename in the target directory).
 */
final class OutputDir {
  private final String location;
  private final Path local;

  private OutputDir(String location, Path local) {
    this.location = location;
    this.local = local;
  }

  /**
   * The directory {@code location} names; a Hadoop one must be reachable and not a file.
   *
   * @throws ConfigException naming {@code field} otherwise
   */
  static OutputDir of(String field, String location) {
    if (!HadoopFiles.isRemote(location)) {
      return new OutputDir(location, ConfigLoader.localPath(field, location));
    }
    String problem = HadoopFiles.directoryProblem(location);
    if (problem != null) {
      throw error("%s must be a directory on a reachable Hadoop FileSystem, but got '%s' (%s)",
          field, location, problem);
    }
    return new OutputDir(location, null);
  }

  boolean isLocal() {
    return local != null;
  }

  /** The local directory (only when {@link #isLocal}). */
  Path local() {
    return local;
  }

  /** How messages name {@code relative} (a file or directory under it). */
  String show(String relative) {
    return local != null ? local.resolve(relative).toString()
        : HadoopFiles.resolve(location, relative);
  }

  /** A URI for {@code relative} (Spark writers, checkpoint stores). */
  String uri(String relative) {
    return local != null ? local.toAbsolutePath().resolve(relative).toUri().toString()
        : HadoopFiles.resolve(location, relative);
  }

  /** Writes {@code relative} atomically. */
  void write(String relative, String content) throws IOException {
    if (local != null) {
      AtomicFiles.write(local.resolve(relative), content);
    } else {
      HadoopFiles.write(HadoopFiles.resolve(location, relative),
          content.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Copies every file under the local {@code staging} directory to the same relative name here
   * (each one temp + rename); {@code last} goes last, so it appears only when the rest is there.
   */
  void publish(Path staging, String last) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(staging)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
    files.sort(Comparator.comparing((Path p) -> staging.relativize(p).toString().equals(last)));
    for (Path f : files) {
      String rel = staging.relativize(f).toString().replace('\\', '/');
      HadoopFiles.write(HadoopFiles.resolve(location, rel), Files.readAllBytes(f));
    }
  }

  @Override
  public String toString() {
    return local != null ? local.toString() : location;
  }
}
