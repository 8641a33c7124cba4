package io.sparktune.workload.mllib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sparktune run} in this JVM for the mllib tests: the exit code and what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
record Cli(int code, String out, String err) {
  /** The shipped test tables (CSV with a header). */
  static final Path DATASETS = Path.of("src/test/resources/datasets");

  /** Runs {@code sparktune ARGS}. */
  static Cli main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Writes {@code yaml} to {@code dir/c.yaml} and runs it with {@code extra} options. */
  static Cli run(Path dir, String yaml, String... extra) {
    Path cfg = dir.resolve("c.yaml");
    try {
      Files.writeString(cfg, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("run", "--config", cfg.toString()));
    args.addAll(List.of(extra));
    return main(args.toArray(new String[0]));
  }

  /** The summary.json under {@code out}. */
  static JsonNode summary(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }
}
