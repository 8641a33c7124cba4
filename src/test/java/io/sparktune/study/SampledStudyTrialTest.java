package io.sparktune.study;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialContract;
import java.util.Map;
import java.util.SortedMap;

/** {@link TrialContract} for the study backend, values from the sampler. */
final class SampledStudyTrialTest implements TrialContract {
  private final Study study = Study.builder().name("contract").direction(Direction.MINIMIZE)
      .sampler(new RandomSampler(3)).build();

  @Override
  public Trial newTrial() {
    return study.ask();
  }

  @Override
  public boolean givesValues() {
    return false;
  }

  @Override
  public SortedMap<Integer, Double> reported(Trial trial) {
    return study.trial(trial.number()).intermediateValues();
  }

  @Override
  public Map<String, Object> userAttrs(Trial trial) {
    return study.trial(trial.number()).userAttrs();
  }
}
