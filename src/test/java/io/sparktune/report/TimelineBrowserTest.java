package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.SharedSpark;
import io.sparktune.spark.SparkTrialExecutor;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 2-slot study (one-task Spark jobs on the shared {@code local[2,2]} session) and its
 * report in headless Chromium: the timeline has two lanes for the one executor, and the
 * screenshot of the timeline chart shows two rows of bars. With {@code
 * -Dreport.timeline.screenshot=docs/report-timeline.png} the crop is kept.
 */
@Tag("spark")
final class TimelineBrowserTest {
  private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">(.*?)</pre>",
      Pattern.DOTALL);
  private static final int COMPLETE_RGB = 0x4c78a8;
  @TempDir
  Path dir;

  @Test
  void twoSlotLocalStudy_timelineHasTwoLanesOfBars_inTheDataAndTheScreenshot() throws Exception {
    Study study = Study.builder().name("two-slots").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(11)).build();
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-1, 1)).build();
    try (SparkTrialExecutor executor = SparkTrialExecutor.tasks(SharedSpark.session()).slots(2)
        .build()) {
      StudyDriver.builder(study, executor).scheduler(Scheduler.fifo(t -> {
        Thread.sleep(400); // long enough that both slots are busy at once
        return t.suggestFloat("x", -1, 1);
      }, space)).nTrials(6).timeout(Duration.ofMinutes(5)).build().run();
    }
    List<FrozenTrial> trials = study.trials();
    TimelinePlot plot = TimelinePlot.of(trials);
    assertThat(plot.lanes()).hasSize(2).allMatch(l -> l.matches(
        "executor driver @ \\S+ / slot [12]"));
    for (String lane : plot.lanes()) {
      List<TimelinePlot.Bar> bars = plot.bars().stream().filter(b -> b.lane().equals(lane))
          .toList();
      assertThat(bars).as(lane).isNotEmpty();
      for (int i = 1; i < bars.size(); i++) {
        List<TimelinePlot.Bar> sorted = new ArrayList<>(bars);
        sorted.sort(java.util.Comparator.comparingLong(TimelinePlot.Bar::startMillis));
        assertThat(sorted.get(i).startMillis()).isGreaterThanOrEqualTo(
            sorted.get(i - 1).endMillis());
      }
    }

    Path out = dir.resolve("out");
    HtmlReport.write(trials, study.direction(), study.studyName(), out);
    try (InputStream probe = getClass().getResourceAsStream("/report/probe.html")) {
      Files.copy(probe, out.resolve("probe.html"));
    }
    try (Chromium chromium = new Chromium(out, dir)) {
      Chromium.Result r = chromium.run("--dump-dom", "--virtual-time-budget=20000",
          chromium.url("probe.html"));
      Matcher m = PROBE.matcher(r.stdout());
      assertThat(m.find()).isTrue();
      JsonNode probe = new ObjectMapper().readTree(m.group(1).replace("&lt;", "<")
          .replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
      assertThat(probe.get("charts").get("plot-timeline").asText())
          .contains(plot.lanes().get(0), plot.lanes().get(1));
      JsonNode rect = probe.get("rects").get("plot-timeline");

      Path png = dir.resolve("page.png");
      chromium.run("--screenshot=" + png, "--window-size=1400,6000", "--hide-scrollbars",
          chromium.url("report.html"));
      BufferedImage page = ImageIO.read(png.toFile());
      BufferedImage timeline = page.getSubimage(rect.get("x").asInt(), rect.get("y").asInt(),
          rect.get("w").asInt(), rect.get("h").asInt());
      String keep = System.getProperty("report.timeline.screenshot");
      if (keep != null) {
        ImageIO.write(timeline, "png", dir.resolve("timeline.png").toFile());
        Files.copy(dir.resolve("timeline.png"), Path.of(keep),
            StandardCopyOption.REPLACE_EXISTING);
      }
      assertThat(rowsOfBars(timeline, 60)).as("rows of COMPLETE bars in the screenshot")
          .isEqualTo(2);
    }
  }

  /** Bands of pixel rows below {@code top} (the title and legend) holding bar-coloured pixels. */
  private static int rowsOfBars(BufferedImage img, int top) {
    int bands = 0;
    boolean inBand = false;
    for (int y = top; y < img.getHeight(); y++) {
      int n = 0;
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == COMPLETE_RGB) {
          n++;
        }
      }
      boolean bar = n >= 10;
      if (bar && !inBand) {
        bands++;
      }
      inBand = bar;
    }
    return bands;
  }
}
