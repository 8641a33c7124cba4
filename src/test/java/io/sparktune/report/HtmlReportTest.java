package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

final class HtmlReportTest {
  @TempDir
  Path dir;

  @Test
  void write_digitsLike_writesReportAndOneWellFormedSvgPerPlot() throws Exception {
    StudyReport r = HtmlReport.write(SyntheticStudy.digitsLike(80, 3), Direction.MAXIMIZE,
        "digits", dir);
    List<Path> svgs;
    try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
      svgs = s.sorted().toList();
    }
    int expected = 6 + r.contour().panels().size() + r.rank().panels().size()
        + r.slice().panels().size();

    assertThat(dir.resolve("report.html")).isRegularFile();
    assertThat(svgs).hasSize(expected);
    assertThat(svgs).extracting(p -> p.getFileName().toString())
        .contains("history.svg", "intermediate.svg", "parallel.svg", "importance.svg",
            "edf.svg", "timeline.svg", "contour-0.svg", "rank-0.svg", "slice-0.svg");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    for (Path svg : svgs) {
      Document d = f.newDocumentBuilder().parse(svg.toFile());
      assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(d.getElementsByTagName("*").getLength()).as(svg.toString())
          .isGreaterThan(20);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void html_embedsTheModelAsParseableJsonWithNonFiniteAsNull() throws Exception {
    TreeMap<Integer, Double> iv = new TreeMap<>(Map.of(0, 1.0));
    List<FrozenTrial> trials = List.of(
        new FrozenTrial(0, 0, TrialState.COMPLETE, 1.0, Map.of(), Map.of(), iv, Map.of(),
            Map.of("completed_rung_0", "NaN"), null, null),
        new FrozenTrial(1, 1, TrialState.COMPLETE, 2.0, Map.of(), Map.of(), iv, Map.of(),
            Map.of(), null, null));
    String html = HtmlReport.html(StudyReport.of(trials, Direction.MINIMIZE, "a</script>b"));
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)"
        + "</script>", Pattern.DOTALL).matcher(html);

    assertThat(m.find()).isTrue();
    JsonNode json = new ObjectMapper().readTree(m.group(1));
    assertThat(json.get("studyName").asText()).isEqualTo("a</script>b");
    assertThat(json.at("/intermediate/rungs/0/value").isNull()).isTrue();
    assertThat(json.at("/history/bestSoFar/1/value").asDouble()).isEqualTo(1.0);
    assertThat(html).contains("<title>sparktune report: a&lt;/script&gt;b</title>");
  }

  @Test
  void html_loadsNothingFromTheNetwork() {
    String html = HtmlReport.html(StudyReport.of(SyntheticStudy.digitsLike(30, 1),
        Direction.MAXIMIZE, "s"));
    assertThat(html).doesNotContainPattern("<script[^>]+src=")
        .doesNotContainPattern("<link[^>]+href=\"(?!data:)")
        .doesNotContainPattern("<img[^>]+src=\"http")
        .doesNotContain("@import");
  }
}
