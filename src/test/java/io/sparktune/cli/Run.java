package io.sparktune.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What {@link Main#run} returned and printed, for the cli tests that run the command line in
 * this JVM.
 *
 * @param code the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
record Run(int code, String out, String err) {
  /** Runs {@code sparktune ARGS} and captures its exit code and output. */
  static Run main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
