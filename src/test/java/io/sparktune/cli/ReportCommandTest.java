package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --storage URI --output DIR}: a journal in, report.html and plots/ out. */
final class ReportCommandTest {
  @TempDir Path dir;


  private Path journal(String... studies) {
    Path file = dir.resolve("study.jsonl");
    try (JournalStorage storage = JournalStorage.open(file)) {
      for (String name : studies) {
        Study study = Study.builder().name(name).direction(Direction.MINIMIZE)
            .sampler(new RandomSampler(7)).storage(storage).build();
        study.optimize(t -> {
          double x = t.suggestFloat("x", -3, 3);
          double y = t.suggestFloat("y", -3, 3);
          return x * x + 0.1 * y;
        }, 25);
      }
    }
    return file;
  }

  @Test
  void report_journalFile_writesReportAndPlots() {
    Path file = journal("quad");
    Path out = dir.resolve("out");
    Run o = Run.main("report", "--storage", file.toString(), "--output", out.toString());

    assertThat(o.code()).as(o.err()).isZero();
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(out.resolve("plots/history.svg")).isRegularFile();
    assertThat(o.out()).contains("for study quad (25 trials)");
  }

  @Test
  void report_fileUriAndStudyName_selectTheStudy() {
    Path file = journal("a", "b");
    Run o = Run.main("report", "--storage", file.toUri().toString(), "--output",
        dir.resolve("out").toString(), "--study", "b");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("for study b (25 trials)");
  }

  @Test
  void report_twoStudiesWithoutStudy_exits2() {
    Run o = Run.main("report", "--storage", journal("a", "b").toString(), "--output",
        dir.resolve("out").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst())
        .hasValue("error: --study must be one of [a, b], but got none");
  }

  @Test
  void report_unknownStudy_exits2() {
    Run o = Run.main("report", "--storage", journal("a").toString(), "--output",
        dir.resolve("out").toString(), "--study", "zz");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst())
        .hasValue("error: --study must be one of [a], but got 'zz'");
  }

  @Test
  void report_missingJournal_exits2AndWritesNothing() {
    Path missing = dir.resolve("nope.jsonl");
    Run o = Run.main("report", "--storage", missing.toString(), "--output",
        dir.resolve("out").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue(
        "error: --storage must be an existing journal file, but got '" + missing + "'");
    assertThat(missing).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void report_notAJournal_exits2NamingTheLineAndLeavesTheFile() throws Exception {
    Path bad = dir.resolve("notes.jsonl");
    Files.writeString(bad, "these are my notes, not a journal\n");
    Run o = Run.main("report", "--storage", bad.toString(), "--output",
        dir.resolve("out").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l)
        .startsWith("error: --storage must name a sparktune journal, but got '" + bad + "' (")
        .contains("line 1").doesNotContain("Exception"));
    assertThat(Files.readString(bad)).isEqualTo("these are my notes, not a journal\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void report_missingOutput_exits2() {
    Run o = Run.main("report", "--storage", "x.jsonl");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst())
        .hasValue("error: --output must be given, but got none");
  }

  @Test
  void report_runOnlyOption_exits2() {
    Run o = Run.main("report", "--storage", "x", "--output", "y", "--config", "c.yaml");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: option must be one of [--storage,"
        + " --output, --study, --trials-format, --master, --verbose], but got '--config'");
  }

  @Test
  @Tag("spark")
  void report_trialsFormatCsv_writesTheTableWithSpark() throws Exception {
    io.sparktune.spark.SharedSpark.session();
    Path out = dir.resolve("out");
    Run o = Run.main("report", "--storage", journal("quad").toString(), "--output",
        out.toString(), "--trials-format", "CSV");
    assertThat(o.code()).as(o.err()).isZero();
    try (var files = Files.list(out.resolve("trials-csv"))) {
      Path csv = files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
      assertThat(Files.readAllLines(csv)).hasSize(26).first().asString()
          .startsWith("number,state,value,params_x,params_y,");
    }
  }
}
