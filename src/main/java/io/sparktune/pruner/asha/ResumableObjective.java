package io.sparktune.pruner.asha;

import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import java.io.Serializable;
import java.util.List;

/**
 * Makes a fresh {@link Resumable} for each job of a trial. {@code Serializable} so that it can be
 * shipped to a Spark task, like {@code Objective}.
 */
@FunctionalInterface
public interface ResumableObjective extends Serializable {

  /** A new, uninitialized run. */
  Resumable newRun() throws Exception;

  /**
   * Runs a whole trial in one go, the <em>stopping</em> way: trains to each of {@code budgets} in
   * turn, reports the value at that step, and stops with {@link TrialPrunedException} when the
   * study's pruner says so. Returns the value at the last budget. Use it as the body of an ordinary
   * objective, e.g. {@code study.optimize(t -> objective.evaluateStopping(t, asha.milestones()), n)}
   * with a {@link io.sparktune.pruner.SuccessiveHalvingPruner}.
   *
   * @param trial the trial
   * @param budgets increasing resource budgets, at least one
   */
  default double evaluateStopping(Trial trial, List<Integer> budgets) throws Exception {
    if (budgets.isEmpty()) {
      throw new IllegalArgumentException("budgets must not be empty, but got []");
    }
    Resumable run = newRun();
    run.init(trial);
    double value = Double.NaN;
    int previous = 0;
    for (int budget : budgets) {
      if (budget <= previous) {
        throw new IllegalArgumentException(
            "budgets must be increasing and positive, but got " + budgets);
      }
      previous = budget;
      value = run.train(budget);
      trial.report(value, budget);
      if (trial.shouldPrune()) {
        throw new TrialPrunedException("Trial was pruned at step " + budget + ".");
      }
    }
    return value;
  }
}
