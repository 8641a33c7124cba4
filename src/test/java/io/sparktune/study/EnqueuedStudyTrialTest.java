package io.sparktune.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.Trial;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The study backend with values from an enqueued trial. */
final class EnqueuedStudyTrialTest implements StudyTrialContract {

  @Override
  public void prepare(Study study) {
    study.enqueueTrial(VALUES);
  }

  @Override
  public boolean givesValues() {
    return true;
  }

  @Test
  void enqueued_valuesStoredNormalised() {
    Trial t = newTrial();
    t.suggestInt("i", 1, 5);
    t.suggestFloat("f", -1, 1);
    assertThat(STUDIES.get(t).trial(t.number()).params()).containsExactly(Map.entry("i", 3L),
        Map.entry("f", 1.0));
  }
}
