package io.sparktune.pruner;

import io.sparktune.trial.Direction;
import java.util.List;
import java.util.SortedMap;

/** Small helpers shared by the pruners (package-private). */
final class PrunerMath {
  private PrunerMath() {}

  /**
   * Whether {@code step} is the first report in its interval of {@code intervalSteps} steps
   * counted from {@code nWarmupSteps} (Optuna's {@code _is_first_in_interval_step}): the report
   * before it lies before the interval's start.
   */
  static boolean isFirstInIntervalStep(int step, SortedMap<Integer, Double> values,
      int nWarmupSteps, int intervalSteps) {
    int nearestLowerPruningStep =
        Math.floorDiv(step - nWarmupSteps, intervalSteps) * intervalSteps + nWarmupSteps;
    int secondLast = -1;
    if (values.size() >= 2) {
      secondLast = values.headMap(values.lastKey()).lastKey();
    }
    return secondLast < nearestLowerPruningStep;
  }

  /** The best non-NaN value in the direction, or NaN if there is none (numpy's nanmin/nanmax). */
  static double best(List<Double> values, Direction direction) {
    double best = Double.NaN;
    for (double v : values) {
      if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
        best = v;
      }
    }
    return best;
  }
}
