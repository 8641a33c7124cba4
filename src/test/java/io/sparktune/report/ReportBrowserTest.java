package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
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
  private static Chromium chromium;
  private static StudyReport report;

  @BeforeAll
  static void writeAndServe() throws IOException {
    List<FrozenTrial> trials = SyntheticStudy.digitsLike(120, 42);
    report = HtmlReport.write(trials, Direction.MAXIMIZE, "digits-forest", dir.resolve("out"));
    chromium = new Chromium(dir.resolve("out"), dir);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void report_inChromium_rendersEveryChartWithoutErrorsOrRequests() throws Exception {
    chromium.clearRequests();
    Chromium.Result r = chromium.run("--dump-dom", url());
    Matcher m = STATUS.matcher(r.stdout());
    assertThat(m.find()).as("status element in the DOM").isTrue();
    JsonNode status = new ObjectMapper().readTree(m.group(2));
    int expected = 6 + report.contour().panels().size() + report.rank().panels().size()
        + report.slice().panels().size();

    assertThat(status.get("errors")).as("JavaScript errors").isEmpty();
    assertThat(status.get("charts").asInt()).isEqualTo(expected);
    assertThat(status.get("rendered").asInt()).as("charts with data: " + status)
        .isEqualTo(expected);
    assertThat(m.group(1)).isEqualTo("true");
    assertThat(r.stderr()).doesNotContain("Uncaught");
    for (String id : List.of("history", "intermediate", "parallel", "importance", "edf",
        "timeline", "contour-0", "rank-0", "slice-0", "slice-3")) {
      assertThat(status.get("points").get("plot-" + id).asInt()).as(id).isPositive();
      String el = chartElement(r.stdout(), "plot-" + id);
      assertThat(el).as(id).contains("<svg");
      assertThat(countOf(el, "<path")).as("paths drawn in " + id).isGreaterThan(5);
    }
    assertThat(chromium.requests()).as("requests made by the page")
        .containsExactly("GET /report.html");
  }

  @Test
  void report_screenshot_isNotBlank() throws Exception {
    chromium.clearRequests();
    Path png = dir.resolve("shot.png");
    chromium.run("--screenshot=" + png, "--window-size=1400,2400", "--hide-scrollbars", url());

    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(100);
    assertThat(chromium.requests()).containsExactly("GET /report.html");
    String keep = System.getProperty("report.screenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String url() {
    return chromium.url("report.html");
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
}
