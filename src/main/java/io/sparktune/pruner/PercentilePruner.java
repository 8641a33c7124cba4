package io.sparktune.pruner;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * completed trials' values at the same step (Optuna's {@code PercentilePruner}).
 *
 * <p>Nothing is pruned before {@code nStartupTrials} trials are COMPLETE, before step {@code
 * nWarmupSteps}, between the checks every {@code intervalSteps} steps, or while fewer than {@code
 * nMinTrials} trials reported at the step. A trial whose reports are all NaN is pruned.
 */
public class PercentilePruner implements Pruner {
  private final double percentile;
  private final int nStartupTrials;
  private final int nWarmupSteps;
  private final int intervalSteps;
  private final int nMinTrials;

  public PercentilePruner(
      double percentile, int nStartupTrials, int nWarmupSteps, int intervalSteps, int nMinTrials) {
    require(percentile >= 0 && percentile <= 100,
        "percentile must be in [0, 100], but got %s", num(percentile));
    require(nStartupTrials >= 0, "nStartupTrials must be >= 0, but got %d", nStartupTrials);
    require(nWarmupSteps >= 0, "nWarmupSteps must be >= 0, but got %d", nWarmupSteps);
    require(intervalSteps >= 1, "intervalSteps must be >= 1, but got %d", intervalSteps);
    require(nMinTrials >= 1, "nMinTrials must be >= 1, but got %d", nMinTrials);
    this.percentile = percentile;
    this.nStartupTrials = nStartupTrials;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
    this.nMinTrials = nMinTrials;
  }

  /** Optuna's defaults: 5 startup trials, no warm-up, every step, one trial at the step. */
  public PercentilePruner(double percentile) {
    this(percentile, 5, 0, 1, 1);
  }

  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    OptionalInt last = trial.lastStep();
    if (last.isEmpty()) {
      return false;
    }
    int step = last.getAsInt();
    List<FrozenTrial> completed = study.trials(EnumSet.of(TrialState.COMPLETE));
    if (completed.size() < nStartupTrials || step < nWarmupSteps) {
      return false;
    }
    if (!isFirstInIntervalStep(step, trial.intermediateValues())) {
      return false;
    }
    List<Double> atStep = new ArrayList<>();
    for (FrozenTrial t : completed) {
      Double v = t.intermediateValues().get(step);
      if (v != null) {
        atStep.add(v);
      }
    }
    if (atStep.size() < nMinTrials) {
      return false;
    }
    Direction direction = study.direction();
    double best = bestIntermediate(trial.intermediateValues(), direction);
    if (Double.isNaN(best)) {
      return true;
    }
    double q = direction == Direction.MAXIMIZE ? 100 - percentile : percentile;
    double p = nanPercentile(atStep, q);
    if (Double.isNaN(p)) {
      return false;
    }
    return direction == Direction.MAXIMIZE ? best < p : best > p;
  }

  private boolean isFirstInIntervalStep(int step, SortedMap<Integer, Double> values) {
    int nearestLowerPruningStep =
        Math.floorDiv(step - nWarmupSteps, intervalSteps) * intervalSteps + nWarmupSteps;
    int secondLast = -1;
    if (values.size() >= 2) {
      secondLast = values.headMap(values.lastKey()).lastKey();
    }
    return secondLast < nearestLowerPruningStep;
  }

  static double bestIntermediate(SortedMap<Integer, Double> values, Direction direction) {
    double best = Double.NaN;
    for (double v : values.values()) {
      if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
        best = v;
      }
    }
    return best;
  }

  /** numpy's {@code nanpercentile} with linear interpolation. */
  static double nanPercentile(List<Double> values, double q) {
    double[] xs = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue)
        .toArray();
    if (xs.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(xs);
    double rank = q / 100.0 * (xs.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(percentile=" + num(percentile) + ", nStartupTrials="
        + nStartupTrials + ", nWarmupSteps=" + nWarmupSteps + ", intervalSteps=" + intervalSteps
        + ")";
  }
}
