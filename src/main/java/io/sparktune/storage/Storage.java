package io.sparktune.storage;

import io.sparktune.space.Distribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where studies and their trials live (Optuna's storage protocol). Implementations are thread-safe;
 * every call is atomic. Trial numbers are dense per study and assigned by the storage, so two
 * writers never share one.
 */
public interface Storage extends AutoCloseable {

  /** A fresh thread-safe in-memory storage. */
  static Storage inMemory() {
    return new InMemoryStorage();
  }

  /**
   * Creates a study.
   *
   * @throws DuplicateStudyException if the name is taken
   */
  StudyInfo createStudy(String name, Direction direction);

  /** The study with that name, if any. */
  Optional<StudyInfo> findStudy(String name);

  /** All studies, by id. */
  List<StudyInfo> studies();

  /**
   * Creates a trial in {@code state} (RUNNING or WAITING) with the given system attributes and
   * returns it.
   */
  FrozenTrial createTrial(int studyId, TrialState state, Map<String, Object> systemAttrs);

  /**
   * Moves the oldest WAITING trial of the study to RUNNING, atomically, and returns it; empty if
   * none waits.
   */
  Optional<FrozenTrial> claimWaitingTrial(int studyId);

  /** Sets a parameter on a RUNNING trial. */
  void setTrialParam(int trialId, String name, Distribution distribution, Object value);

  /** Records an intermediate value on a RUNNING trial; a step already reported is kept as is. */
  boolean reportIntermediate(int trialId, int step, double value);

  /** Sets a user attribute. */
  void setTrialUserAttr(int trialId, String key, Object value);

  /** Sets a system attribute. */
  void setTrialSystemAttr(int trialId, String key, Object value);

  /**
   * Finishes a RUNNING trial.
   *
   * @return false if the trial had already finished (nothing changes)
   */
  boolean finishTrial(int trialId, TrialState state, Double value);

  /** One trial. */
  FrozenTrial trial(int trialId);

  /** The study's trials in the given states, by number. */
  List<FrozenTrial> trials(int studyId, Set<TrialState> states);

  /**
   * Makes every acknowledged write durable (a journal forces its file); a no-op for storages with
   * nothing to force.
   */
  default void flush() {}

  /** Releases files and locks; a no-op for in-memory storage. */
  @Override
  default void close() {}

  /**
   * The heartbeat capability of a storage that several drivers may share and one may die holding
   * (a journal), or empty: then no driver needs to say it is alive.
   */
  default Optional<Heartbeats> heartbeats() {
    return Optional.empty();
  }

  /** Liveness of RUNNING trials, so a new driver can tell a dead driver's trials from live ones. */
  interface Heartbeats {
    /** Records that the driver running trial {@code trialId} is alive. */
    void recordHeartbeat(int trialId);

    /**
     * Fails the RUNNING trials whose last heartbeat (or start) is older than {@code grace}, with a
     * fail reason starting "driver lost", and returns them.
     */
    List<FrozenTrial> failStaleTrials(Duration grace);
  }
}
