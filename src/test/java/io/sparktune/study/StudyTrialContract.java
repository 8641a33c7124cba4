package io.sparktune.study;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialContract;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.WeakHashMap;

/**
 * {@link TrialContract} for the study backend: each trial is asked from a fresh study, and what it
 * recorded is read back from that study's storage.
 */
interface StudyTrialContract extends TrialContract {
  /** The study each trial came from. */
  Map<Trial, Study> STUDIES = Collections.synchronizedMap(new WeakHashMap<>());

  /** Prepares a fresh study before its trial is asked (e.g. enqueues values). */
  void prepare(Study study);

  @Override
  default Trial newTrial() {
    Study study = Study.builder().name("contract").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(3)).build();
    prepare(study);
    Trial trial = study.ask();
    STUDIES.put(trial, study);
    return trial;
  }

  @Override
  default SortedMap<Integer, Double> reported(Trial trial) {
    return STUDIES.get(trial).trial(trial.number()).intermediateValues();
  }

  @Override
  default Map<String, Object> userAttrs(Trial trial) {
    return STUDIES.get(trial).trial(trial.number()).userAttrs();
  }
}
