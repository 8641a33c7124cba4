package io.sparktune.pruner;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import java.util.OptionalInt;

/**
 * Prunes a trial whose latest intermediate value is below {@code lower}, above {@code upper} or NaN
 * (Optuna's {@code ThresholdPruner}), to stop diverging or hopeless runs whatever the other trials
 * did.
 *
 * <p>Nothing is pruned before step {@code nWarmupSteps}, and the check runs only on the first
 * report of each interval of {@code intervalSteps} steps counted from the warm-up (a check with no
 * report is postponed to the next report).
 */
public final class ThresholdPruner implements Pruner {
  private final double lower;
  private final double upper;
  private final int nWarmupSteps;
  private final int intervalSteps;

  /**
   * A pruner with both bounds; pass {@code Double.NEGATIVE_INFINITY} or {@code
   * Double.POSITIVE_INFINITY} for no bound on that side.
   *
   * @param lower values below it prune; not NaN
   * @param upper values above it prune; not NaN, {@code >= lower}
   * @param nWarmupSteps steps before the first check, {@code >= 0}
   * @param intervalSteps steps between checks, {@code >= 1}
   * @throws IllegalArgumentException if an argument breaks its rule, or if neither bound is finite
   */
  public ThresholdPruner(double lower, double upper, int nWarmupSteps, int intervalSteps) {
    require(!Double.isNaN(lower), "lower must not be NaN, but got NaN");
    require(!Double.isNaN(upper), "upper must not be NaN, but got NaN");
    require(lower != Double.NEGATIVE_INFINITY || upper != Double.POSITIVE_INFINITY,
        "lower or upper must be finite, but got lower=%s, upper=%s", num(lower), num(upper));
    require(lower <= upper, "lower must be <= upper (%s), but got %s", num(upper), num(lower));
    require(nWarmupSteps >= 0, "nWarmupSteps must be >= 0, but got %d", nWarmupSteps);
    require(intervalSteps >= 1, "intervalSteps must be >= 1, but got %d", intervalSteps);
    this.lower = lower;
    this.upper = upper;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
  }

  /** Prunes values below {@code lower} (and NaN), from the first step. */
  public static ThresholdPruner lower(double lower) {
    return new ThresholdPruner(lower, Double.POSITIVE_INFINITY, 0, 1);
  }

  /** Prunes values above {@code upper} (and NaN), from the first step. */
  public static ThresholdPruner upper(double upper) {
    return new ThresholdPruner(Double.NEGATIVE_INFINITY, upper, 0, 1);
  }

  /** Prunes values outside {@code [lower, upper]} (and NaN), from the first step. */
  public static ThresholdPruner between(double lower, double upper) {
    return new ThresholdPruner(lower, upper, 0, 1);
  }

  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    OptionalInt last = trial.lastStep();
    if (last.isEmpty()) {
      return false;
    }
    int step = last.getAsInt();
    if (step < nWarmupSteps) {
      return false;
    }
    if (!PrunerMath.isFirstInIntervalStep(step, trial.intermediateValues(), nWarmupSteps,
        intervalSteps)) {
      return false;
    }
    double latest = trial.intermediateValues().get(step);
    return Double.isNaN(latest) || latest < lower || latest > upper;
  }

  @Override
  public String toString() {
    return "ThresholdPruner(lower=" + num(lower) + ", upper=" + num(upper) + ", nWarmupSteps="
        + nWarmupSteps + ", intervalSteps=" + intervalSteps + ")";
  }
}
