package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.hadoop.HadoopJournalBackend;
import io.sparktune.storage.hadoop.MiniHdfs;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.trial.TrialState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code export} and {@code import} verbs as the README shows them: local files, HDFS URIs
 * (MiniDFS), the README's Python snippet on the exported file (the real Optuna 3.1), and every
 * bad input exiting 2 with its message.
 */
final class OptunaCommandTest {
  @TempDir
  static Path dir;
  private static Path journal;
  private static List<FrozenTrial> trials;
  private static MiniHdfs hdfs;

  @BeforeAll
  static void studyAndHdfs() throws Exception {
    journal = dir.resolve("study.jsonl");
    try (JournalStorage storage = JournalStorage.open(journal)) {
      Study study = Study.builder().name("digits-forest").direction(Direction.MAXIMIZE)
          .sampler(new RandomSampler(5)).storage(storage).build();
      study.optimize(t -> {
        double x = t.suggestFloat("max_features", 0.1, 1.0);
        long trees = t.suggestLogInt("trees", 1, 128);
        t.report(x, 0);
        if (t.number() == 2) {
          throw new TrialPrunedException();
        }
        return x + trees / 128.0;
      }, 6);
      trials = study.trials();
    }
    hdfs = new MiniHdfs(dir.resolve("hdfs"));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static List<FrozenTrial> trialsOf(JournalStorage s, String name) {
    StudyInfo info = s.findStudy(name).orElseThrow();
    return s.trials(info.studyId(), EnumSet.allOf(TrialState.class));
  }

  @Test
  void exportThenImport_localFiles_keepEveryTrial_andOptunaLoadsTheExport() throws Exception {
    Path optuna = dir.resolve("optuna.log");
    Run export = Run.main("export", "--storage", journal.toString(), "--format",
        "optuna-journal", "--output", optuna.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).startsWith("Exported 1 study (6 trials) from " + journal
        + " to the Optuna journal " + optuna + "\nOpen it with optuna.load_study(study_name="
        + "\"digits-forest\", storage=optuna.storages.JournalStorage(optuna.storages."
        + "JournalFileStorage(\"" + optuna + "\"))) or optuna-dashboard " + optuna);

    Path back = dir.resolve("back.jsonl");
    Run imp = Run.main("import", "--input", optuna.toString(), "--storage", back.toString(),
        "--as", "digits-again");
    assertThat(imp.code()).as(imp.err()).isZero();
    assertThat(imp.out()).isEqualTo("Imported Optuna study 'digits-forest' (6 trials: 5 complete,"
        + " 1 pruned) from " + optuna + " into " + back + " as study 'digits-again'"
        + " (maximize)\n");
    try (JournalStorage s = JournalStorage.open(back)) {
      List<FrozenTrial> again = trialsOf(s, "digits-again");
      assertThat(again).hasSize(trials.size());
      for (int i = 0; i < trials.size(); i++) {
        assertThat(again.get(i)).usingRecursiveComparison().ignoringFields("datetimeStart",
            "datetimeComplete").isEqualTo(trials.get(i));
        assertThat(again.get(i).datetimeStart().toEpochMilli())
            .isEqualTo(trials.get(i).datetimeStart().toEpochMilli());
      }
    }

    // The README's Python snippet, with Debian's python3-optuna.
    String snippet = "import optuna\n"
        + "storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage("
        + "\"" + optuna + "\"))\n"
        + "study = optuna.load_study(study_name=\"digits-forest\", storage=storage)\n"
        + "print(study.best_trial.number, study.best_value, len(study.trials))\n";
    Process p = new ProcessBuilder("/usr/bin/python3", "-W", "ignore", "-c", snippet)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(printed + " (apt-get install python3-optuna)").isZero();
    FrozenTrial best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
        .max(java.util.Comparator.comparingDouble(FrozenTrial::value)).orElseThrow();
    assertThat(printed.strip()).isEqualTo(best.number() + " " + best.value() + " 6");
  }

  @Test
  void exportThenImport_hdfsUris_bothWays() throws Exception {
    String nn = hdfs.cluster.getURI().toString();
    String hdfsJournal = nn + "/studies/s.jsonl";
    try (JournalStorage src = JournalStorage.open(journal);
        JournalStorage dst = new JournalStorage(
            new HadoopJournalBackend(URI.create(hdfsJournal)))) {
      io.sparktune.storage.optuna.OptunaJournal.copy(
          io.sparktune.storage.optuna.OptunaJournal.read(exportBytes(src), "x",
              java.time.ZoneId.systemDefault()).get(0), "digits-forest", dst,
          new io.sparktune.storage.optuna.ImportClock());
    }
    String optuna = nn + "/exports/optuna.log";
    Run export = Run.main("export", "--storage", hdfsJournal, "--output", optuna);
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).startsWith("Exported 1 study (6 trials) from " + hdfsJournal);
    Run imp = Run.main("import", "--input", optuna, "--storage", nn + "/studies/warm.jsonl",
        "--as", "warm", "--enqueue-best", "2");
    assertThat(imp.code()).as(imp.err()).isZero();
    assertThat(imp.out()).isEqualTo("Enqueued the 2 best COMPLETE trials of Optuna study"
        + " 'digits-forest' (" + optuna + ") into the new study 'warm' (maximize) in " + nn
        + "/studies/warm.jsonl; 'sparktune run --storage " + nn + "/studies/warm.jsonl' with"
        + " study.name warm runs them first\n");
    try (JournalStorage s = new JournalStorage(new HadoopJournalBackend(
        URI.create(nn + "/studies/warm.jsonl")))) {
      List<FrozenTrial> warm = trialsOf(s, "warm");
      List<FrozenTrial> best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
          .sorted(java.util.Comparator.comparingDouble(FrozenTrial::value).reversed()).limit(2)
          .toList();
      assertThat(warm).extracting(FrozenTrial::state)
          .containsExactly(TrialState.WAITING, TrialState.WAITING);
      for (int i = 0; i < 2; i++) { // a journal reads 26 back as an Integer, not a Long
        assertThat(String.valueOf(warm.get(i).systemAttrs().get("fixed_params")))
            .isEqualTo(String.valueOf(best.get(i).params()));
      }
    }
  }

  private static byte[] exportBytes(JournalStorage s) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    io.sparktune.storage.optuna.OptunaJournal.export(s, s.studies(), out,
        java.time.ZoneId.systemDefault());
    return out.toByteArray();
  }

  @Test
  void badInputs_exit2_withTheFieldValueAndWhatIsAllowed() throws Exception {
    Path optuna = dir.resolve("bad-inputs.log");
    assertThat(Run.main("export", "--storage", journal.toString(), "--output",
        optuna.toString()).code()).isZero();
    Path twoObjectives = dir.resolve("mo.log");
    Files.writeString(twoObjectives, "{\"op_code\": 0, \"worker_id\": \"w\", \"study_name\":"
        + " \"mo\", \"directions\": [1, 2]}\n");
    Path future = dir.resolve("future.log");
    Files.writeString(future, "{\"op_code\": 42, \"worker_id\": \"w\"}\n");
    String j = journal.toString();
    String o = optuna.toString();
    String newJournal = dir.resolve("new.jsonl").toString();
    assertError(Run.main("export", "--storage", j, "--output", o, "--format", "csv"),
        "--format must be one of [optuna-journal], but got 'csv'");
    assertError(Run.main("export", "--storage", j, "--output", o, "--study", "nope"),
        "--study must be one of [digits-forest], but got 'nope'");
    assertError(Run.main("export", "--storage", dir.resolve("none.jsonl").toString(), "--output",
        o), "--storage must be an existing journal file, but got '" + dir.resolve("none.jsonl")
        + "'");
    assertError(Run.main("import", "--input", dir.resolve("none.log").toString(), "--storage",
        newJournal), "--input must be an existing Optuna journal file, but got '"
        + dir.resolve("none.log") + "' (no such file)");
    assertError(Run.main("import", "--input", future.toString(), "--storage", newJournal),
        "--input must be an Optuna journal sparktune can read, but Optuna journal " + future
        + " line 1: op_code must be one of 0..10 (CREATE_STUDY, DELETE_STUDY,"
        + " SET_STUDY_USER_ATTR, SET_STUDY_SYSTEM_ATTR, CREATE_TRIAL, SET_TRIAL_PARAM,"
        + " SET_TRIAL_STATE_VALUES, SET_TRIAL_INTERMEDIATE_VALUE, SET_TRIAL_USER_ATTR,"
        + " SET_TRIAL_SYSTEM_ATTR, DISCARD_TRIALS), but got 42; the journal was written by an"
        + " Optuna version whose format sparktune does not know");
    assertError(Run.main("import", "--input", twoObjectives.toString(), "--storage", newJournal),
        "--study study 'mo' must have one objective to be a sparktune study, but got 2"
        + " directions [minimize, maximize] (Optuna journal " + twoObjectives
        + " line 1, CREATE_STUDY)");
    assertError(Run.main("import", "--input", o, "--storage", newJournal, "--study", "x"),
        "--study must be one of [digits-forest], but got 'x'");
    assertError(Run.main("import", "--input", o, "--storage", j),
        "--as must name a study that --storage does not hold yet, but got 'digits-forest' (it"
        + " holds [digits-forest])");
    assertError(Run.main("import", "--input", o, "--storage", newJournal, "--enqueue-best", "0"),
        "--enqueue-best must be >= 1, but got 0");
    assertError(Run.main("import", "--storage", newJournal), "--input must be given, but got none");
    assertThat(Files.exists(Path.of(newJournal))).as("nothing written on bad input").isFalse();
    try (JournalStorage s = JournalStorage.open(journal)) {
      assertThat(trialsOf(s, "digits-forest")).hasSize(6); // nothing stored is lost
    }
  }

  private static void assertError(Run r, String message) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: " + message + "\nrun 'sparktune --help' for usage\n");
  }
}
