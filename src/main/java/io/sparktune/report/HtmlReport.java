package io.sparktune.report;

import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a study report: one self-contained {@code report.html} (the plot data as JSON and the
 * Apache ECharts library inline, so it opens offline and makes no network request; hover, zoom and
 * save-as-image come from ECharts) and one SVG file per plot under {@code plots/} (drawn by
 * sparktune from the same data, for terminals and papers). See docs/adr/0003-report-charts.md.
 *
 * <pre>{@code
 * HtmlReport.write(study.trials(), study.direction(), study.studyName(), Path.of("out"));
 * }</pre>
 */
public final class HtmlReport {
  /** The report file's name. */
  public static final String REPORT_FILE = "report.html";
  /** The folder of the SVG files. */
  public static final String PLOTS_DIR = "plots";
  private static final String RESOURCES = "/io/sparktune/report/";

  private HtmlReport() {}

  /**
   * Computes the report of {@code trials} and writes {@code dir/report.html} and {@code
   * dir/plots/*.svg}, creating {@code dir} if needed; each file is written to a temporary file and
   * moved into place.
   *
   * @return the model that was rendered
   * @throws IllegalArgumentException if an argument is null
   * @throws UncheckedIOException if a file cannot be written
   */
  public static StudyReport write(List<FrozenTrial> trials, Direction direction, String studyName,
      Path dir) {
    require(dir != null, "dir must not be null, but got null");
    StudyReport report = StudyReport.of(trials, direction, studyName);
    try {
      Files.createDirectories(dir.resolve(PLOTS_DIR));
      for (Map.Entry<String, String> e : SvgPlots.all(report).entrySet()) {
        atomicWrite(dir.resolve(PLOTS_DIR).resolve(e.getKey() + ".svg"), e.getValue());
      }
      atomicWrite(dir.resolve(REPORT_FILE), html(report));
    } catch (IOException e) {
      throw new UncheckedIOException("the report must be writable to " + dir + ", but got " + e,
          e);
    }
    return report;
  }

  /** The HTML page of {@code report}. */
  public static String html(StudyReport report) {
    String echarts = resource("echarts/echarts.min.js");
    return PageTemplate.page(report, echarts, resource("report.js"), ReportJson.write(report));
  }

  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCES + name
            + " must be on the class path, but got none");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
