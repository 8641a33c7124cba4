package io.sparktune.pruner;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;

/** Never prunes. */
public final class NopPruner implements Pruner {
  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    return false;
  }

  @Override
  public String toString() {
    return "NopPruner";
  }
}
