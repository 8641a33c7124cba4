package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget: the whole report (model, report.html, every SVG) of a 1,000-trial study in
 * at most 5 s, from a cold JVM. Prints the first (cold) run and the median of three warm runs;
 * docs/benchmarks-report.md records the numbers. A benchmark (tag {@code bench}), not a unit test:
 * {@code mvn -B test -Pbench -Dtest=ReportPerformanceBench}.
 */
@org.junit.jupiter.api.Tag("bench")
final class ReportPerformanceBench {
  @TempDir
  Path dir;

  @Test
  void write_thousandTrials_takesAtMostFiveSeconds() throws Exception {
    List<FrozenTrial> trials = SyntheticStudy.digitsLike(1000, 42);
    long t0 = System.nanoTime();
    HtmlReport.write(trials, Direction.MAXIMIZE, "bench", dir.resolve("cold"));
    double cold = (System.nanoTime() - t0) / 1e9;
    double[] warm = new double[3];
    for (int i = 0; i < warm.length; i++) {
      long t = System.nanoTime();
      HtmlReport.write(trials, Direction.MAXIMIZE, "bench", dir.resolve("warm" + i));
      warm[i] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(warm);
    long html = Files.size(dir.resolve("cold/report.html"));
    System.out.printf(Locale.ROOT, "report of 1000 trials: cold %.2f s, warm median %.2f s, "
        + "report.html %.2f MB%n", cold, warm[1], html / 1e6);

    assertThat(cold).as("seconds for the first report").isLessThanOrEqualTo(5.0);
  }
}
