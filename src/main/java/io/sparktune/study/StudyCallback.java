package io.sparktune.study;

import io.sparktune.trial.FrozenTrial;

/** Called after each trial of {@link Study#optimize} finishes, in the worker that ran it. */
@FunctionalInterface
public interface StudyCallback {
  void onTrialFinished(Study study, FrozenTrial trial);
}
