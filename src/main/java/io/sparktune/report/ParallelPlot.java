package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel coordinates: one line per COMPLETE trial across the objective axis and one axis per
 * parameter that every such trial holds (Optuna's {@code plot_parallel_coordinate}).
 *
 * @param axes the parameter axes, in first-suggested order
 * @param lines one per trial, by number
 */
public record ParallelPlot(List<ParamAxis> axes, List<Line> lines) {
  /**
   * One trial.
   *
   * @param number the trial number
   * @param value the objective value
   * @param coords the trial's coordinate on each of {@link #axes()}
   */
  public record Line(int number, double value, List<Double> coords) {
    public Line {
      coords = List.copyOf(coords);
    }
  }

  public ParallelPlot {
    axes = List.copyOf(axes);
    lines = List.copyOf(lines);
  }

  /** The parallel coordinates of {@code trials}. */
  public static ParallelPlot of(List<FrozenTrial> trials) {
    List<FrozenTrial> done = Points.completed(trials);
    List<ParamAxis> axes = new ArrayList<>();
    for (String p : Points.commonParams(done)) {
      axes.add(ParamAxis.of(p, done));
    }
    List<Line> lines = new ArrayList<>();
    for (FrozenTrial t : done) {
      List<Double> c = new ArrayList<>();
      axes.forEach(a -> c.add(a.coord(t.params().get(a.name()))));
      lines.add(new Line(t.number(), t.value(), c));
    }
    return new ParallelPlot(axes, lines);
  }
}
