package io.sparktune.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialContract;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** {@link TrialContract} for the study backend, values from an enqueued trial. */
final class EnqueuedStudyTrialTest implements TrialContract {
  private final Study study = Study.builder().name("contract").direction(Direction.MINIMIZE)
      .sampler(new RandomSampler(3)).build();

  @Override
  public Trial newTrial() {
    study.enqueueTrial(VALUES);
    return study.ask();
  }

  @Override
  public boolean givesValues() {
    return true;
  }

  @Override
  public SortedMap<Integer, Double> reported(Trial trial) {
    return study.trial(trial.number()).intermediateValues();
  }

  @Override
  public Map<String, Object> userAttrs(Trial trial) {
    return study.trial(trial.number()).userAttrs();
  }

  @Test
  void enqueued_valuesStoredNormalised() {
    Trial t = newTrial();
    t.suggestInt("i", 1, 5);
    t.suggestFloat("f", -1, 1);
    assertThat(study.trial(t.number()).params()).containsExactly(Map.entry("i", 3L),
        Map.entry("f", 1.0));
  }
}
