package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * The empirical distribution function of the COMPLETE trials' values (Optuna's {@code
 * plot_edf}): the fraction of trials whose value is at most {@code x}.
 *
 * @param points a step function: for each distinct value in ascending order, the fraction of
 *     values at most it; the last point's fraction is 1
 */
public record EdfPlot(List<Point> points) {
  /**
   * One step.
   *
   * @param value an objective value
   * @param fraction the fraction of trials with a value {@code <= value}, in (0, 1]
   */
  public record Point(double value, double fraction) {}

  public EdfPlot {
    points = List.copyOf(points);
  }

  /** The EDF of {@code trials}. */
  public static EdfPlot of(List<FrozenTrial> trials) {
    double[] v = Points.completed(trials).stream().mapToDouble(FrozenTrial::value).sorted()
        .toArray();
    List<Point> pts = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      if (i + 1 < v.length && v[i + 1] == v[i]) {
        continue;
      }
      pts.add(new Point(v[i], (i + 1) / (double) v.length));
    }
    return new EdfPlot(pts);
  }
}
