package io.sparktune.pruner;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;

/** Decides whether a running trial should stop, from its reports and the study's other trials. */
@FunctionalInterface
public interface Pruner {
  /** Whether {@code trial} (RUNNING, with its reports so far) should be pruned now. */
  boolean prune(StudyView study, FrozenTrial trial);
}
