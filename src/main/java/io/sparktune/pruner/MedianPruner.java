package io.sparktune.pruner;

/**
 * Prunes a trial whose best intermediate value is worse than the median of the completed trials'
 * values at the same step: {@link PercentilePruner} at 50 (Optuna's {@code MedianPruner}).
 */
public final class MedianPruner extends PercentilePruner {
  public MedianPruner(int nStartupTrials, int nWarmupSteps, int intervalSteps, int nMinTrials) {
    super(50, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);
  }

  /** Optuna's defaults: 5 startup trials, no warm-up, every step, one trial at the step. */
  public MedianPruner() {
    this(5, 0, 1, 1);
  }
}
