package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import io.sparktune.report.HtmlReport;
import io.sparktune.report.StudyReport;
import io.sparktune.spark.SparkSessions;
import io.sparktune.spark.TrialsTable;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code report} verb: reads a study from a journal and writes its report ({@link
 * HtmlReport}) and, with {@code --trials-format}, its trials table ({@link TrialsTable}); also the
 * report step at the end of {@code run}.
 */
final class ReportJob {
  private ReportJob() {}

  /** Runs {@code report --storage URI --output DIR [--study NAME] [--trials-format F]}. */
  static int run(CommandLine cl, PrintStream out) {
    String storage = cl.options().get("storage");
    OutputDir dir = OutputDir.of("--output", cl.options().get("output"));
    try (JournalStorage journal = StudyStore.journal(storage, true)) {
      List<StudyInfo> studies = journal.studies();
      List<String> names = studies.stream().map(StudyInfo::name).toList();
      String wanted = cl.options().get("study");
      if (studies.isEmpty()) {
        throw error("--storage must hold a study, but got none in '%s'", storage);
      }
      if (wanted == null && studies.size() > 1) {
        throw error("--study must be one of %s, but got none", names);
      }
      StudyInfo study = studies.stream()
          .filter(s -> wanted == null || s.name().equals(wanted)).findFirst()
          .orElseThrow(() -> error("--study must be one of %s, but got '%s'", names, wanted));
      List<FrozenTrial> trials = journal.trials(study.studyId(),
          EnumSet.allOf(TrialState.class));
      writeReport(trials, study.direction(), study.name(), dir, out);
      String format = cl.options().get("trials-format");
      writeTrialsTable(format == null ? null
          : SparkSessions.getOrCreate("sparktune report", cl.options().get("master")), format,
          trials, dir, out);
      return 0;
    }
  }

  /**
   * Writes report.html and plots/ into {@code dir}, and says so. The report package writes to a
   * local directory; for a Hadoop {@code dir} that is a staging directory, copied file by file
   * (temp + rename, report.html last) and deleted.
   */
  static void writeReport(List<FrozenTrial> trials, Direction direction, String name,
      OutputDir dir, PrintStream out) {
    Path local = null;
    StudyReport r;
    long plots;
    try {
      local = dir.isLocal() ? dir.local() : Files.createTempDirectory("sparktune-report-");
      r = HtmlReport.write(trials, direction, name, local);
      try (var files = Files.list(local.resolve(HtmlReport.PLOTS_DIR))) {
        plots = files.count();
      }
      if (!dir.isLocal()) {
        dir.publish(local, HtmlReport.REPORT_FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    } finally {
      if (!dir.isLocal() && local != null) {
        deleteTree(local);
      }
    }
    out.printf(Locale.ROOT, "Wrote %s and %d plots in %s for study %s (%d trials)%n",
        dir.show(HtmlReport.REPORT_FILE), plots, dir.show(HtmlReport.PLOTS_DIR),
        r.studyName(), trials.size());
  }

  private static void deleteTree(Path root) {
    try (var s = Files.walk(root)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover staging directory under the temp dir is harmless
    }
  }

  /** With {@code --trials-format F} (non-null), writes the trials table to {@code dir/trials-F}. */
  static void writeTrialsTable(SparkSession spark, String format, List<FrozenTrial> trials,
      OutputDir dir, PrintStream out) {
    if (format == null) {
      return;
    }
    TrialsTable.write(spark, trials, format, dir.uri("trials-" + format));
    out.println("Wrote the trials table (" + format + ") to " + dir.show("trials-" + format));
  }
}
