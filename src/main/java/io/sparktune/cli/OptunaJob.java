package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import io.sparktune.spark.HadoopFiles;
import io.sparktune.storage.DuplicateStudyException;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.optuna.ImportClock;
import io.sparktune.storage.optuna.OptunaJournal;
import io.sparktune.storage.optuna.OptunaStudy;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code export} and {@code import} verbs: a sparktune journal to an Optuna journal file and
 * back ({@link OptunaJournal}), each file a path or any Hadoop URI. Datetimes are written and read
 * in the JVM's time zone (set {@code TZ} or {@code -Duser.timezone}), as Optuna 3.1 does.
 */
final class OptunaJob {
  static final List<String> FORMATS = List.of("optuna-journal");

  private OptunaJob() {}

  /** {@code export --storage URI --output FILE [--format optuna-journal] [--study NAME]}. */
  static int export(CommandLine cl, PrintStream out) {
    Fields.choice(cl.options().getOrDefault("format", FORMATS.get(0)), "--format", FORMATS);
    String storage = cl.options().get("storage");
    String output = cl.options().get("output");
    String wanted = cl.options().get("study");
    byte[] bytes;
    List<StudyInfo> studies;
    int trials;
    try (JournalStorage journal = StudyStore.journal(storage, true)) {
      studies = journal.studies();
      List<String> names = studies.stream().map(StudyInfo::name).toList();
      if (studies.isEmpty()) {
        throw error("--storage must hold a study, but got none in '%s'", storage);
      }
      if (wanted != null) {
        studies = studies.stream().filter(s -> s.name().equals(wanted)).toList();
        if (studies.isEmpty()) {
          throw error("--study must be one of %s, but got '%s'", names, wanted);
        }
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      trials = OptunaJournal.export(journal, studies, buf, ZoneId.systemDefault());
      bytes = buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(output, bytes);
    out.printf(Locale.ROOT, "Exported %d %s (%d trials) from %s to the Optuna journal %s%n",
        studies.size(), studies.size() == 1 ? "study" : "studies", trials, storage, output);
    out.printf(Locale.ROOT, "Open it with optuna.load_study(study_name=%s, storage="
        + "optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(\"%s\"))) or"
        + " optuna-dashboard %s%n", python(studies.get(0).name()), output, output);
    return 0;
  }

  private static String python(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void write(String output, byte[] bytes) {
    try {
      if (HadoopFiles.isRemote(output)) {
        HadoopFiles.write(output, bytes);
      } else {
        AtomicFiles.write(HadoopFiles.localPath(output), new String(bytes,
            StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      throw error("--output must be a file that can be written, but got '%s' (%s)", output,
          reason(output, e));
    }
  }

  /**
   * {@code import --input FILE --storage URI [--study NAME] [--as NAME] [--enqueue-best N]}: a new
   * sparktune study with the Optuna study's trials, or (warm start) with its N best trials
   * enqueued.
   */
  static int importStudy(CommandLine cl, PrintStream out) {
    String input = cl.options().get("input");
    String storage = cl.options().get("storage");
    Integer best = cl.intOption("enqueue-best", 1);
    List<OptunaStudy> studies;
    try {
      studies = OptunaJournal.read(read(input), input, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw error("--input must be an Optuna journal sparktune can read, but %s", e.getMessage());
    }
    OptunaStudy study = pick(studies, cl.options().get("study"), input);
    String name = cl.options().getOrDefault("as", study.name());
    if (name.isBlank()) {
      throw error("--as must not be blank, but got '%s'", name);
    }
    try {
      study.direction();
    } catch (IllegalArgumentException e) {
      throw error("--study %s", e.getMessage());
    }
    ImportClock clock = new ImportClock();
    try (JournalStorage journal = StudyStore.journal(storage, false, clock)) {
      if (journal.findStudy(name).isPresent()) {
        throw error("--as must name a study that --storage does not hold yet, but got '%s'"
            + " (it holds %s)", name, journal.studies().stream().map(StudyInfo::name).toList());
      }
      if (best == null) {
        StudyInfo info = OptunaJournal.copy(study, name, journal, clock);
        List<FrozenTrial> copied = journal.trials(info.studyId(), EnumSet.allOf(TrialState.class));
        out.printf(Locale.ROOT, "Imported Optuna study '%s' (%d trials: %s) from %s into %s as"
            + " study '%s' (%s)%n", study.name(), copied.size(), counts(copied), input, storage,
            name, info.direction());
      } else {
        StudyInfo info = journal.createStudy(name, study.direction());
        List<Map<String, Object>> queued = OptunaJournal.enqueueBest(study, best, journal,
            info.studyId());
        out.printf(Locale.ROOT, "Enqueued the %d best COMPLETE trials of Optuna study '%s' (%s)"
            + " into the new study '%s' (%s) in %s; 'sparktune run --storage %s' with"
            + " study.name %s runs them first%n", queued.size(), study.name(), input, name,
            info.direction(), storage, storage, name);
      }
      journal.flush();
    } catch (DuplicateStudyException e) {
      throw error("--as must name a study that --storage does not hold yet, but got '%s'", name);
    }
    return 0;
  }

  /** Why reading or writing {@code location} failed, without exception class names. */
  private static String reason(String location, Exception e) {
    if (HadoopFiles.isRemote(location)) {
      return HadoopFiles.reason(e);
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getReason() != null ? f.getReason() : "not a writable file";
    }
    return e.getMessage();
  }

  private static OptunaStudy pick(List<OptunaStudy> studies, String wanted, String input) {
    List<String> names = studies.stream().map(OptunaStudy::name).toList();
    if (studies.isEmpty()) {
      throw error("--input must hold an Optuna study, but got none in '%s'", input);
    }
    if (wanted == null && studies.size() > 1) {
      throw error("--study must be one of %s, but got none", names);
    }
    return studies.stream().filter(s -> wanted == null || s.name().equals(wanted)).findFirst()
        .orElseThrow(() -> error("--study must be one of %s, but got '%s'", names, wanted));
  }

  private static String counts(List<FrozenTrial> trials) {
    Map<TrialState, Long> n = trials.stream().collect(Collectors.groupingBy(FrozenTrial::state,
        () -> new EnumMap<>(TrialState.class), Collectors.counting()));
    return n.isEmpty() ? "none" : n.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static byte[] read(String input) {
    try {
      if (HadoopFiles.isRemote(input)) {
        String problem = HadoopFiles.fileProblem(input);
        if (problem != null) {
          throw error("--input must be an existing Optuna journal file, but got '%s' (%s)", input,
              problem);
        }
        try (InputStream in = HadoopFiles.open(input)) {
          return in.readAllBytes();
        }
      }
      return Files.readAllBytes(HadoopFiles.localPath(input));
    } catch (NoSuchFileException e) {
      throw error("--input must be an existing Optuna journal file, but got '%s' (no such file)",
          input);
    } catch (IOException | IllegalArgumentException e) {
      throw error("--input must be an existing Optuna journal file, but got '%s' (%s)", input,
          reason(input, e));
    }
  }
}
