package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a user would (the project folder as working directory) and keeps its output. */
final class Launch {
  private Launch() {}

  /** The exit code and the interleaved stdout + stderr of one command. */
  record Result(List<String> command, int code, String output) {
    /** The description assertions on this result carry: the command and what it printed. */
    String describe() {
      return String.join(" ", command) + "\n" + output;
    }
  }

  static Result run(List<String> command, Map<String, String> env, int seconds) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("JARS");
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      StringBuilder out = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (InputStream in = p.getInputStream()) {
          String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          synchronized (out) {
            out.append(s);
          }
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.start();
      boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      reader.join(10_000);
      String output;
      synchronized (out) {
        output = out.toString();
      }
      assertThat(done).as("%s finished within %d s\n%s", command, seconds, output).isTrue();
      return new Result(List.copyOf(command), p.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
