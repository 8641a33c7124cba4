package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit/sparktune VERB [options]} as a user runs it: the real script, SparkSubmit from the
 * Maven classpath (it builds the jars if they are missing).
 */
final class LauncherTest {
  @TempDir Path dir;

  private static Launch.Result sparktune(Map<String, String> env, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("submit/sparktune"));
    cmd.addAll(List.of(args));
    return Launch.run(cmd, env, 600);
  }

  @Test
  void sparktune_help_printsTheUsageOfEveryVerb() {
    Launch.Result r = sparktune(Map.of(), "--help");
    assertThat(r.code()).as(r.describe()).isZero();
    assertThat(r.output()).contains("usage: sparktune run --config FILE")
        .contains("sparktune report --storage URI --output DIR");
  }

  @Test
  void sparktune_unknownVerb_exits2NamingItAndTheAllowedVerbs() {
    Launch.Result r = sparktune(Map.of(), "frobnicate", "--config", "x.yaml");
    assertThat(r.code()).as(r.describe()).isEqualTo(2);
    assertThat(r.output()).contains(
        "error: command must be one of [run, report, export, import], but got 'frobnicate'");
  }

  @Test
  void sparktune_report_writesTheReportOfAJournal() {
    Path journal = dir.resolve("quad.jsonl");
    try (JournalStorage storage = JournalStorage.open(journal)) {
      Study study = Study.builder().name("quad").direction(Direction.MINIMIZE)
          .sampler(new RandomSampler(3)).storage(storage).build();
      study.optimize(t -> {
        double x = t.suggestFloat("x", -3, 3);
        return x * x;
      }, 12);
    }
    Path out = dir.resolve("report");
    Launch.Result r = sparktune(Map.of(), "report", "--storage", journal.toString(), "--output",
        out.toString());
    assertThat(r.code()).as(r.describe()).isZero();
    assertThat(r.output()).contains("for study quad (12 trials)");
    assertThat(out.resolve("report.html")).isNotEmptyFile();
    assertThat(out.resolve("plots/history.svg")).isNotEmptyFile();
  }

  /**
   * JARS reaches spark-submit's --jars, whose jars SparkSubmit adds to the driver's class loader
   * (the main thread's context class loader) one by one: for a jar that is not there it warns.
   */
  @Test
  void sparktune_jars_goToTheDriverClassPath() {
    Path a = dir.resolve("missing-a.jar");
    Path b = dir.resolve("missing-b.jar");
    Launch.Result r = sparktune(Map.of("JARS", a + "," + b), "--help");
    assertThat(r.code()).as(r.describe()).isZero();
    assertThat(r.output()).contains("Local jar " + a + " does not exist, skipping")
        .contains("Local jar " + b + " does not exist, skipping");
  }
}
