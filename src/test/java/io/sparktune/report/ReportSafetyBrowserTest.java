package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.trial.Direction;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report of a study whose names, choices, attributes and host names hold markup and script,
 * opened in headless Chromium: {@code probe.html} loads it, shows the tooltips of every chart's
 * first points and reads what they and the charts hold. Nothing may execute (no payload sets
 * {@code top.__pwned}, the page requests nothing but itself) and the text shows literally.
 */
final class ReportSafetyBrowserTest {
  private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">(.*?)</pre>",
      Pattern.DOTALL);
  @TempDir
  Path dir;

  @Test
  void hostileStudy_inChromium_nothingExecutes_andTooltipsAndChartsShowTheTextLiterally()
      throws Exception {
    Path out = dir.resolve("out");
    HtmlReport.write(HostileStudy.trials(60, 3), Direction.MAXIMIZE, HostileStudy.NAME, out);
    try (InputStream probe = getClass().getResourceAsStream("/report/probe.html")) {
      Files.copy(probe, out.resolve("probe.html"));
    }
    try (Chromium chromium = new Chromium(out, dir)) {
      Chromium.Result r = chromium.run("--dump-dom", "--virtual-time-budget=30000",
          chromium.url("probe.html"));
      Matcher m = PROBE.matcher(r.stdout());
      assertThat(m.find()).as("probe result in the DOM:\n" + r.stdout()).isTrue();
      assertThat(m.group(1)).as("probe result").startsWith("{");
      JsonNode probe = new ObjectMapper().readTree(unescape(m.group(1)));

      assertThat(probe.get("pwned").asText()).as("a payload ran").isEqualTo("undefined");
      assertThat(chromium.requests()).as("requests (an <img> payload would add one)")
          .containsExactly("GET /probe.html", "GET /report.html");
      JsonNode status = new ObjectMapper().readTree(probe.get("status").asText());
      assertThat(status.get("errors")).as("JavaScript errors").isEmpty();

      assertThat(probe.get("header").asText()).contains("Study " + HostileStudy.NAME);
      assertThat(probe.get("title").asText()).isEqualTo("sparktune report: " + HostileStudy.NAME);
      List<String> tipTexts = new ArrayList<>();
      for (JsonNode tip : probe.get("tips")) {
        assertThat(tip.get("bad")).as("elements or handlers in a tooltip of "
            + tip.get("chart") + ": " + tip.get("text")).isEmpty();
        tipTexts.add(tip.get("text").asText());
      }
      String tips = String.join("\n", tipTexts);
      assertThat(probe.get("tips").size()).as("tooltips shown").isGreaterThan(20);
      assertThat(tips).as("tooltips").contains(HostileStudy.TREES, HostileStudy.FEATURES,
          HostileStudy.HOST);
      assertThat(tips).containsAnyOf(HostileStudy.CHOICES.get("sqrt"),
          HostileStudy.CHOICES.get("log2"), HostileStudy.CHOICES.get("all"));
      String charts = probe.get("charts").toString();
      assertThat(probe.get("charts").get("plot-timeline").asText()).contains(HostileStudy.HOST);
      assertThat(charts).contains(new ObjectMapper().writeValueAsString(HostileStudy.TREES)
          .replace("\"", "").substring(0, 10));
    }
  }

  /** The DOM dump escapes the text of the pre element as HTML. */
  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }
}
