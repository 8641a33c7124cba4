package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium (Debian's {@code chromium}, installed by .ci/run) served
 * by a local HTTP server that records every request: the page must render every chart with data,
 * raise no JavaScript error and request nothing but itself. Skipped only if chromium is absent.
 */
final class ReportBrowserTest {
  private static final Pattern STATUS = Pattern.compile(
      "<pre id=\"report-status\" data-ok=\"(\\w+)\">(.*?)</pre>", Pattern.DOTALL);
  @TempDir
  static Path dir;
  private static HttpServer server;
  private static final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private static StudyReport report;

  @BeforeAll
  static void writeAndServe() throws IOException {
    List<FrozenTrial> trials = SyntheticStudy.digitsLike(120, 42);
    report = HtmlReport.write(trials, Direction.MAXIMIZE, "digits-forest", dir.resolve("out"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      Path f = dir.resolve("out").resolve(ex.getRequestURI().getPath().substring(1));
      byte[] body = Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0];
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void report_inChromium_rendersEveryChartWithoutErrorsOrRequests() throws Exception {
    String chromium = chromium();
    requests.clear();
    Result r = run(chromium, "--dump-dom", url());
    Matcher m = STATUS.matcher(r.stdout);
    assertThat(m.find()).as("status element in the DOM").isTrue();
    JsonNode status = new ObjectMapper().readTree(m.group(2));
    int expected = 6 + report.contour().panels().size() + report.rank().panels().size()
        + report.slice().panels().size();

    assertThat(status.get("errors")).as("JavaScript errors").isEmpty();
    assertThat(status.get("charts").asInt()).isEqualTo(expected);
    assertThat(status.get("rendered").asInt()).as("charts with data: " + status)
        .isEqualTo(expected);
    assertThat(m.group(1)).isEqualTo("true");
    assertThat(r.stderr).doesNotContain("Uncaught");
    for (String id : List.of("history", "intermediate", "parallel", "importance", "edf",
        "timeline", "contour-0", "rank-0", "slice-0", "slice-3")) {
      assertThat(status.get("points").get("plot-" + id).asInt()).as(id).isPositive();
      String el = chartElement(r.stdout, "plot-" + id);
      assertThat(el).as(id).contains("<svg");
      assertThat(countOf(el, "<path")).as("paths drawn in " + id).isGreaterThan(5);
    }
    assertThat(requests).as("requests made by the page").containsExactly("GET /report.html");
  }

  @Test
  void report_screenshot_isNotBlank() throws Exception {
    String chromium = chromium();
    requests.clear();
    Path png = dir.resolve("shot.png");
    run(chromium, "--screenshot=" + png, "--window-size=1400,2400", "--hide-scrollbars", url());

    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(100);
    assertThat(requests).containsExactly("GET /report.html");
    String keep = System.getProperty("report.screenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/report.html";
  }

  /** The chart element's markup, up to the next chart. */
  private static String chartElement(String dom, String id) {
    int at = dom.indexOf("id=\"" + id + "\"");
    assertThat(at).as(id + " in the DOM").isPositive();
    int end = dom.indexOf("class=\"chart", at + 1);
    return dom.substring(at, end < 0 ? dom.length() : end);
  }

  private static int countOf(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String chromium() {
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

  private record Result(String stdout, String stderr) {}

  private static Result run(String chromium, String... args) throws Exception {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
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
}
