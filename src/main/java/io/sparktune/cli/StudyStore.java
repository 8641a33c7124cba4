package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.storage.Storage;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the storage a run names ({@code --storage}) and prepares a resumed study: checks that the
 * journal holds the same study (name, direction, search space), fails the trials a dead driver
 * left RUNNING, and enqueues their parameters again within the retry limit.
 */
final class StudyStore {
  private static final Logger LOG = LoggerFactory.getLogger(StudyStore.class);

  private StudyStore() {}

  /** In-memory for null; a local journal for a path or file: URI; Hadoop for other schemes. */
  static Storage open(String uri) {
    return uri == null ? Storage.inMemory() : journal(uri, false);
  }

  /**
   * The journal {@code uri} names, as {@link #open}; with {@code existing}, a local journal file
   * must exist already (the {@code report} verb reads, it never creates).
   */
  static JournalStorage journal(String uri, boolean existing) {
    return journal(uri, existing, null);
  }

  /** As {@link #journal(String, boolean)}, with {@code clock} (null: the system clock). */
  static JournalStorage journal(String uri, boolean existing, InstantSource clock) {
    try {
      return HadoopFiles.openJournal("--storage", uri, existing, null, clock);
    } catch (IllegalArgumentException e) {
      throw error("%s", e.getMessage());
    }
  }

  /**
   * Checks a stored study against the config before it is continued.
   *
   * @throws ConfigException if the study differs in direction or search space
   */
  static void checkCompatible(Storage storage, String name, Direction direction,
      SearchSpace space) {
    Optional<StudyInfo> info = storage.findStudy(name);
    if (info.isEmpty()) {
      return;
    }
    if (info.get().direction() != direction) {
      throw error("study.direction must match the stored study '%s' (%s), but got %s", name,
          info.get().direction(), direction);
    }
    for (FrozenTrial t : storage.trials(info.get().studyId(), EnumSet.allOf(TrialState.class))) {
      for (Map.Entry<String, Distribution> e : t.distributions().entrySet()) {
        Distribution mine = space.params().get(e.getKey());
        if (mine == null) {
          throw error("space must define the stored study's parameter '%s' (%s), but got %s",
              e.getKey(), e.getValue(), space.params().keySet());
        }
        if (!sameDistribution(mine, e.getValue())) {
          throw error("space.%s must match the stored study '%s' (%s), but got %s", e.getKey(),
              name, e.getValue(), mine);
        }
      }
    }
  }

  /**
   * Equal distributions, where numeric categorical choices compare by value: a journal reads back
   * {@code 64} as a Long where the YAML config gave an Integer.
   */
  private static boolean sameDistribution(Distribution a, Distribution b) {
    if (a instanceof CategoricalDistribution x && b instanceof CategoricalDistribution y) {
      if (x.choices().size() != y.choices().size()) {
        return false;
      }
      for (int i = 0; i < x.choices().size(); i++) {
        Object p = x.choices().get(i);
        Object q = y.choices().get(i);
        boolean same = p instanceof Number m && q instanceof Number n
            ? m.doubleValue() == n.doubleValue() : java.util.Objects.equals(p, q);
        if (!same) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Fails the RUNNING trials whose driver stopped sending heartbeats and enqueues their parameters
   * again (at most {@code maxRetries} times per parameter set).
   *
   * @return how many were retried
   */
  static int recoverLostTrials(Storage storage, int studyId, Duration grace, int maxRetries) {
    if (storage.heartbeats().isEmpty()) {
      return 0; // nobody else can hold this storage's trials
    }
    return retry(storage, studyId, storage.heartbeats().get().failStaleTrials(grace), maxRetries);
  }

  /**
   * For a restarted ASHA study (a later attempt of the same application, so the earlier driver is
   * dead): fails, with a "driver lost" reason, the RUNNING trials that had not reached their first
   * rung, which have no checkpoint to resume from, and enqueues their parameters again. Trials at
   * a rung stay RUNNING: the ASHA scheduler resumes them from their checkpoints.
   *
   * @return how many were retried
   */
  static int recoverAshaTrials(Study study, int attempt, int maxRetries) {
    List<FrozenTrial> lost = new ArrayList<>();
    for (FrozenTrial t : study.trials(EnumSet.of(TrialState.RUNNING))) {
      boolean atARung = t.systemAttrs().keySet().stream()
          .anyMatch(k -> k.startsWith(AshaAttrs.RUNG_PREFIX));
      if (!atARung) {
        FrozenTrial failed = study.tell(t.number(), TrialState.FAIL, null, String.format(
            Locale.ROOT, "%s: attempt %d of the application ended before the trial reached its"
            + " first rung", JournalStorage.DRIVER_LOST, attempt - 1));
        if (failed != null) {
          lost.add(failed);
        }
      }
    }
    return retry(study.storage(), study.studyId(), lost, maxRetries);
  }

  /** Enqueues the parameters of the {@code lost} trials of the study again, within the limit. */
  private static int retry(Storage storage, int studyId, List<FrozenTrial> lost,
      int maxRetries) {
    int retried = 0;
    List<FrozenTrial> all = storage.trials(studyId, EnumSet.allOf(TrialState.class));
    for (FrozenTrial t : lost) {
      if (!all.stream().anyMatch(x -> x.trialId() == t.trialId()) || t.params().isEmpty()) {
        continue;
      }
      long failures = all.stream().filter(x -> x.state() == TrialState.FAIL
          && x.params().equals(t.params())).count();
      if (failures <= maxRetries) {
        storage.createTrial(studyId, TrialState.WAITING, Map.of("fixed_params", t.params(),
            "retry_of", t.number()));
        retried++;
        LOG.warn("Trial {} was RUNNING when its driver died; retrying its parameters as a new"
            + " trial", t.number());
      } else {
        LOG.warn("Trial {} was RUNNING when its driver died; no retry left ({} allowed)",
            t.number(), maxRetries);
      }
    }
    return retried;
  }
}
