package io.sparktune.sampler;

import io.sparktune.internal.Seeds;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.Map;

/**
 * Proposes parameter values (Optuna's sampler protocol).
 *
 * <p>When a trial starts, the study calls {@link #beforeTrial}, then {@link
 * #inferRelativeSearchSpace} and {@link #sampleRelative} for the parameters to draw jointly; every
 * parameter the objective suggests outside that space is drawn by {@link #sampleIndependent}. Values
 * are external (what the objective sees).
 *
 * <p><b>Batches.</b> A batch of q proposals for q free slots is q trials asked in a row: every asked
 * trial is RUNNING and visible through {@link StudyView#trials}, so a sampler that accounts for
 * running trials (constant liar) diversifies the batch. Calls for one study are serialized by the
 * study, so implementations need no locking of their own for a single study.
 *
 * <p>Same seed, same proposals: implementations derive randomness from their seed and the trial
 * number ({@link Seeds}), never from the order in which threads happen to call them.
 */
public interface Sampler {

  /** The parameters to sample jointly for {@code trial}; empty by default. */
  default SearchSpace inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
    return SearchSpace.empty();
  }

  /** Joint proposal for {@code space}: external values by name; may leave names out. */
  default Map<String, Object> sampleRelative(
      StudyView study, FrozenTrial trial, SearchSpace space) {
    return Map.of();
  }

  /** An external value for one parameter of {@code trial}. */
  Object sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution);

  /** Called when {@code trial} starts, before any sampling. */
  default void beforeTrial(StudyView study, FrozenTrial trial) {}

  /** Called when {@code trial} has finished in {@code state}. */
  default void afterTrial(StudyView study, FrozenTrial trial, TrialState state, Double value) {}

  /** Whether the sampler has nothing left to propose (a finished grid); the study then stops. */
  default boolean isExhausted(StudyView study) {
    return false;
  }
}
