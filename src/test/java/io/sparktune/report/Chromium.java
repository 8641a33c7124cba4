package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium}, installed by .ci/run) for the report's browser
 * tests, and a local HTTP server that serves a directory and records every request. Tests that
 * use it are skipped only if chromium is absent.
 */
final class Chromium implements AutoCloseable {
  private final Path work;
  private final HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final String binary;

  /** The result of one run: what Chromium printed. */
  record Result(String stdout, String stderr) {}

  /** Serves {@code root} on 127.0.0.1; profiles and output go to {@code work}. */
  Chromium(Path root, Path work) throws IOException {
    this.binary = binary();
    this.work = work;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      Path f = root.resolve(ex.getRequestURI().getPath().substring(1));
      byte[] body = Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0];
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
  }

  /** The URL of {@code file} under the served directory. */
  String url(String file) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file;
  }

  /** The requests served so far, as {@code "GET /path"}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clearRequests() {
    requests.clear();
  }

  /** Runs headless Chromium with {@code args}; fails unless it exits 0 within 90 s. */
  Result run(String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("chromium exit code; stderr:\n" + stderr).isZero();
    return new Result(Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  private static String binary() {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(p, name))) {
          return Path.of(p, name).toString();
        }
      }
    }
    Assumptions.abort("chromium is not installed (apt-get install chromium): browser test skipped");
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
