package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.SearchSpace;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.storage.InMemoryStorage;
import io.sparktune.storage.Storage;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tuner's study storage: opening a journal URI, resuming a study, copying one. */
final class TunerStorage {
  private static final Logger LOG = LoggerFactory.getLogger(TunerStorage.class);
  /** The fail reason of a trial whose fit stopped (it is retried and does not count). */
  static final String LOST = JournalStorage.DRIVER_LOST
      + ": the fit that ran it stopped before it finished";

  private TunerStorage() {}

  /** In memory for "", a local journal for a path or file: URI, Hadoop for other schemes. */
  static Storage open(String uri, SparkSession spark) {
    if (uri.isEmpty()) {
      return Storage.inMemory();
    }
    return journal(uri, spark.sparkContext().hadoopConfiguration());
  }

  static JournalStorage journal(String uri, Configuration conf) {
    return HadoopFiles.openJournal("storage", uri, false, conf, null);
  }

  /** Where ASHA keeps the checkpoints of a study journaled at {@code storage}. */
  static String checkpointRoot(String storage) {
    return storage + ".checkpoints";
  }

  /**
   * Prepares a reopened study: checks its parameters against {@code space}, then fails the trials
   * a stopped fit left RUNNING (unless ASHA resumes them) and enqueues their parameters again.
   *
   * @return how many trials were retried
   */
  static int prepare(Study study, SearchSpace space, boolean asha) {
    Set<String> stored = new TreeSet<>();
    for (FrozenTrial t : study.trials()) {
      stored.addAll(t.distributions().keySet());
    }
    require(space.params().keySet().containsAll(stored),
        "space must hold the parameters of the stored study '%s' %s, but got %s",
        study.studyName(), stored, new TreeSet<>(space.params().keySet()));
    if (asha) {
      return 0;
    }
    int retried = 0;
    for (FrozenTrial t : study.trials(EnumSet.of(TrialState.RUNNING))) {
      study.tell(t.number(), TrialState.FAIL, null, LOST);
      if (!t.params().isEmpty()) {
        study.enqueueTrial(t.params());
        retried++;
        LOG.warn("Trial {} was running when its fit stopped; retrying its parameters {} as a new"
            + " trial", t.number(), t.params());
      }
    }
    return retried;
  }

  /** A clock the copy sets to each recorded time before it writes. */
  private static final class ReplayClock implements InstantSource {
    private volatile Instant now = Instant.EPOCH;

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The study's trials copied into a new in-memory storage, timestamps kept. */
  static Study inMemoryCopy(String name, Direction direction, List<FrozenTrial> trials) {
    return copy(name, direction, trials, InMemoryStorage::new);
  }

  /**
   * Copies {@code trials} (numbers, states, values, params, reports, attributes, times) into a
   * new study {@code name} of the storage {@code make} builds with a replay clock.
   */
  static Study copy(String name, Direction direction, List<FrozenTrial> trials,
      Function<InstantSource, Storage> make) {
    ReplayClock clock = new ReplayClock();
    Storage storage = make.apply(clock);
    StudyInfo info = storage.createStudy(name, direction);
    List<FrozenTrial> sorted = new ArrayList<>(trials);
    sorted.sort(Comparator.comparingInt(FrozenTrial::number));
    for (FrozenTrial t : sorted) {
      if (t.datetimeStart() != null) {
        clock.now = t.datetimeStart();
      }
      boolean waiting = t.state() == TrialState.WAITING;
      FrozenTrial c = storage.createTrial(info.studyId(),
          waiting ? TrialState.WAITING : TrialState.RUNNING, t.systemAttrs());
      if (waiting) {
        continue;
      }
      t.params().forEach((k, v) -> storage.setTrialParam(c.trialId(), k,
          t.distributions().get(k), v));
      t.intermediateValues().forEach((step, v) -> storage.reportIntermediate(c.trialId(), step,
          v));
      t.userAttrs().forEach((k, v) -> storage.setTrialUserAttr(c.trialId(), k, v));
      if (t.state().isFinished()) {
        if (t.datetimeComplete() != null) {
          clock.now = t.datetimeComplete();
        }
        storage.finishTrial(c.trialId(), t.state(), t.value());
      }
    }
    storage.flush();
    return Study.builder().name(name).direction(direction).storage(storage).loadIfExists(true)
        .build();
  }
}
