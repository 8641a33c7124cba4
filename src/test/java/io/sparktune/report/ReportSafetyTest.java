package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.Direction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG exports and the page markup of a study full of markup and script (no browser). */
final class ReportSafetyTest {
  @TempDir
  Path dir;

  @Test
  void svgExports_hostileStudy_areWellFormedXmlWithTheTextLiteral() throws Exception {
    HtmlReport.write(HostileStudy.trials(60, 3), Direction.MAXIMIZE, HostileStudy.NAME, dir);
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(HtmlReport.PLOTS_DIR))) {
      for (Path svg : files.toList()) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile()); // throws if not well formed
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
          Element e = (Element) all.item(i);
          assertThat(e.getTagName()).as(svg + " elements")
              .isIn("svg", "title", "rect", "line", "circle", "polyline", "text", "path", "g",
                  "polygon");
          for (int a = 0; a < e.getAttributes().getLength(); a++) {
            assertThat(e.getAttributes().item(a).getNodeName()).as(svg + " attributes")
                .doesNotStartWith("on");
          }
          if (e.getTagName().equals("text") || e.getTagName().equals("title")) {
            texts.add(e.getTextContent());
          }
        }
      }
    }
    String all = String.join("\n", texts);
    assertThat(all).contains(HostileStudy.TREES, HostileStudy.FEATURES,
        HostileStudy.CHOICES.get("sqrt"), HostileStudy.CHOICES.get("log2"), HostileStudy.HOST);
  }

  @Test
  void page_hostileStudy_hasNoMarkupFromTheStudyOutsideTheJsonScript() throws Exception {
    HtmlReport.write(HostileStudy.trials(60, 3), Direction.MAXIMIZE, HostileStudy.NAME, dir);
    String html = Files.readString(dir.resolve(HtmlReport.REPORT_FILE), StandardCharsets.UTF_8);
    String data = html.substring(html.indexOf("<script type=\"application/json\""),
        html.indexOf("</script>", html.indexOf("<script type=\"application/json\"")));
    assertThat(data).doesNotContain("<script>top", "<img", "<svg");
    String outside = html.replace(data, "");
    for (String payload : List.of("top.__pwned='study'</script>", "<img src=x", "<svg onload",
        "<svg/onload")) {
      assertThat(outside).doesNotContain(payload);
    }
    assertThat(html).contains("<h1>Study &lt;script&gt;top.__pwned=&#39;study&#39;&lt;/script&gt;"
        + " &amp; &quot;quoted&quot; &#39;study&#39;</h1>");
    assertThat(Svg.esc("a\u0000b\uD800c\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
  }
}
