package io.sparktune.storage;

import static io.sparktune.internal.Checks.require;
import static io.sparktune.internal.Checks.requireState;

import io.sparktune.space.Distribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A thread-safe storage in the JVM's memory. Snapshots are cached per trial and rebuilt only after
 * the trial changes, so reading many finished trials costs no copying.
 */
public final class InMemoryStorage implements Storage {
  private final InstantSource clock;
  private final List<StudyInfo> studies = new ArrayList<>();
  private final List<StudyTrials> studyTrials = new ArrayList<>();
  private final List<MutableTrial> trials = new ArrayList<>();

  public InMemoryStorage() {
    this(Clock.systemUTC());
  }

  /** A storage whose timestamps come from {@code clock}. */
  public InMemoryStorage(InstantSource clock) {
    this.clock = clock;
  }

  private static final class StudyTrials {
    final List<MutableTrial> all = new ArrayList<>();
    final Deque<MutableTrial> waiting = new ArrayDeque<>();
  }

  private static final class MutableTrial {
    final int trialId;
    final int studyId;
    final int number;
    TrialState state;
    Double value;
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Distribution> distributions = new LinkedHashMap<>();
    final SortedMap<Integer, Double> intermediate = new TreeMap<>();
    final Map<String, Object> userAttrs = new LinkedHashMap<>();
    final Map<String, Object> systemAttrs = new LinkedHashMap<>();
    Instant start;
    Instant complete;
    FrozenTrial snapshot;

    MutableTrial(int trialId, int studyId, int number) {
      this.trialId = trialId;
      this.studyId = studyId;
      this.number = number;
    }

    FrozenTrial freeze() {
      if (snapshot == null) {
        snapshot = new FrozenTrial(trialId, number, state, value, params, distributions,
            intermediate, userAttrs, systemAttrs, start, complete);
      }
      return snapshot;
    }
  }

  @Override
  public synchronized StudyInfo createStudy(String name, Direction direction) {
    require(name != null && !name.isBlank(), "study name must not be blank, but got '%s'", name);
    require(direction != null, "direction must be one of [minimize, maximize], but got null");
    if (findStudy(name).isPresent()) {
      throw new DuplicateStudyException(name);
    }
    StudyInfo info = new StudyInfo(studies.size(), name, direction);
    studies.add(info);
    studyTrials.add(new StudyTrials());
    return info;
  }

  @Override
  public synchronized Optional<StudyInfo> findStudy(String name) {
    return studies.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  @Override
  public synchronized List<StudyInfo> studies() {
    return List.copyOf(studies);
  }

  private StudyTrials study(int studyId) {
    require(studyId >= 0 && studyId < studies.size(),
        "studyId must refer to an existing study, but got %d", studyId);
    return studyTrials.get(studyId);
  }

  private MutableTrial mutable(int trialId) {
    require(trialId >= 0 && trialId < trials.size(),
        "trialId must refer to an existing trial, but got %d", trialId);
    return trials.get(trialId);
  }

  private MutableTrial running(int trialId, String what) {
    MutableTrial t = mutable(trialId);
    requireState(t.state == TrialState.RUNNING, "trial %d is %s and cannot %s", t.number, t.state,
        what);
    t.snapshot = null;
    return t;
  }

  @Override
  public synchronized FrozenTrial createTrial(
      int studyId, TrialState state, Map<String, Object> systemAttrs) {
    require(state == TrialState.RUNNING || state == TrialState.WAITING,
        "state must be one of [RUNNING, WAITING], but got %s", state);
    StudyTrials st = study(studyId);
    MutableTrial t = new MutableTrial(trials.size(), studyId, st.all.size());
    t.state = state;
    t.systemAttrs.putAll(systemAttrs);
    if (state == TrialState.RUNNING) {
      t.start = clock.instant();
    } else {
      st.waiting.add(t);
    }
    trials.add(t);
    st.all.add(t);
    return t.freeze();
  }

  @Override
  public synchronized Optional<FrozenTrial> claimWaitingTrial(int studyId) {
    MutableTrial t = study(studyId).waiting.poll();
    if (t == null) {
      return Optional.empty();
    }
    t.state = TrialState.RUNNING;
    t.start = clock.instant();
    t.snapshot = null;
    return Optional.of(t.freeze());
  }

  @Override
  public synchronized void setTrialParam(
      int trialId, String name, Distribution distribution, Object value) {
    MutableTrial t = running(trialId, "suggest parameters");
    t.params.put(name, value);
    t.distributions.put(name, distribution);
  }

  @Override
  public synchronized boolean reportIntermediate(int trialId, int step, double value) {
    MutableTrial t = running(trialId, "be reported to");
    return t.intermediate.putIfAbsent(step, value) == null;
  }

  @Override
  public synchronized void setTrialUserAttr(int trialId, String key, Object value) {
    MutableTrial t = mutable(trialId);
    t.userAttrs.put(key, value);
    t.snapshot = null;
  }

  @Override
  public synchronized void setTrialSystemAttr(int trialId, String key, Object value) {
    MutableTrial t = mutable(trialId);
    t.systemAttrs.put(key, value);
    t.snapshot = null;
  }

  @Override
  public synchronized boolean finishTrial(int trialId, TrialState state, Double value) {
    require(state.isFinished(), "state must be one of [COMPLETE, PRUNED, FAIL], but got %s",
        state);
    MutableTrial t = mutable(trialId);
    if (t.state.isFinished()) {
      return false;
    }
    if (t.state == TrialState.WAITING) {
      study(t.studyId).waiting.remove(t);
      t.start = clock.instant();
    }
    t.state = state;
    t.value = value;
    t.complete = clock.instant();
    t.snapshot = null;
    return true;
  }

  @Override
  public synchronized FrozenTrial trial(int trialId) {
    return mutable(trialId).freeze();
  }

  @Override
  public synchronized List<FrozenTrial> trials(int studyId, Set<TrialState> states) {
    List<FrozenTrial> out = new ArrayList<>();
    for (MutableTrial t : study(studyId).all) {
      if (states.contains(t.state)) {
        out.add(t.freeze());
      }
    }
    return out;
  }
}
