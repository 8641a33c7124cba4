package io.sparktune.report;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * Optimization history: each COMPLETE trial's value by trial number, and the best value so far
 * (Optuna's {@code plot_optimization_history}).
 *
 * @param values one point per COMPLETE trial with a finite value, by number
 * @param bestSoFar at each of those trials, the best value among it and the earlier ones
 */
public record HistoryPlot(List<Point> values, List<Point> bestSoFar) {
  /**
   * A trial's value.
   *
   * @param number the trial number
   * @param value the objective value
   */
  public record Point(int number, double value) {}

  public HistoryPlot {
    values = List.copyOf(values);
    bestSoFar = List.copyOf(bestSoFar);
  }

  /** The history of {@code trials} in {@code direction}. */
  public static HistoryPlot of(List<FrozenTrial> trials, Direction direction) {
    List<Point> values = new ArrayList<>();
    List<Point> best = new ArrayList<>();
    double b = Double.NaN;
    for (FrozenTrial t : Points.completed(trials)) {
      values.add(new Point(t.number(), t.value()));
      if (Double.isNaN(b) || direction.isBetter(t.value(), b)) {
        b = t.value();
      }
      best.add(new Point(t.number(), b));
    }
    return new HistoryPlot(values, best);
  }
}
