package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: a study with one or two trials (the CI's one-trial run of the digits job) must still
 * get a report; contour and rank may then have different numbers of panels.
 */
final class SmallStudyReportTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void write_tinyStudy_writesReport(int n) throws Exception {
    List<FrozenTrial> trials = SyntheticStudy.digitsLike(80, 3).subList(0, n);
    HtmlReport.write(trials, Direction.MAXIMIZE, "tiny", dir);
    String html = java.nio.file.Files.readString(dir.resolve(HtmlReport.REPORT_FILE));
    assertThat(html).contains("tiny").doesNotContain("plot-null");
  }
}
