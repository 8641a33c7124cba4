package io.sparktune.sampler;

import io.sparktune.internal.RandomDraws;
import io.sparktune.internal.Seeds;
import io.sparktune.space.Distribution;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;

/**
 * Independent uniform draws (log-uniform for log distributions). Each value is a pure function of
 * (seed, trial number, parameter name), so parallel workers and retries cannot change the trials.
 */
public final class RandomSampler implements Sampler {
  private final long seed;

  /** A sampler seeded with {@code seed}. */
  public RandomSampler(long seed) {
    this.seed = seed;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  @Override
  public Object sampleIndependent(
      StudyView study, FrozenTrial trial, String name, Distribution distribution) {
    double internal =
        RandomDraws.internal(distribution, Seeds.paramRandom(seed, trial.number(), name));
    return distribution.toExternal(internal);
  }

  @Override
  public String toString() {
    return "RandomSampler(seed=" + seed + ")";
  }
}
