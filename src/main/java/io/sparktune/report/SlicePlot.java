package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * Slice plots: for each parameter, the objective value of each COMPLETE trial against the
 * parameter's value (Optuna's {@code plot_slice}).
 *
 * @param panels one per parameter, in first-suggested order
 */
public record SlicePlot(List<Panel> panels) {
  /**
   * One parameter.
   *
   * @param axis the parameter axis
   * @param points the trials holding the parameter, by number
   */
  public record Panel(ParamAxis axis, List<Point> points) {
    public Panel {
      points = List.copyOf(points);
    }
  }

  /**
   * One trial.
   *
   * @param number the trial number
   * @param x the parameter coordinate
   * @param value the objective value
   */
  public record Point(int number, double x, double value) {}

  public SlicePlot {
    panels = List.copyOf(panels);
  }

  /** The slices of {@code trials}. */
  public static SlicePlot of(List<FrozenTrial> trials) {
    List<FrozenTrial> done = Points.completed(trials);
    List<String> names = new ArrayList<>();
    done.forEach(t -> t.params().keySet().forEach(n -> {
      if (!names.contains(n)) {
        names.add(n);
      }
    }));
    List<Panel> panels = new ArrayList<>();
    for (String n : names) {
      List<FrozenTrial> with = Points.holding(done, n);
      ParamAxis axis = ParamAxis.of(n, with);
      List<Point> pts = new ArrayList<>();
      with.forEach(t -> pts.add(new Point(t.number(), axis.coord(t.params().get(n)), t.value())));
      panels.add(new Panel(axis, pts));
    }
    return new SlicePlot(panels);
  }
}
