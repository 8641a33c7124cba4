package io.sparktune.report;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rank plots: for pairs of parameters, each COMPLETE trial at its two parameter values, coloured
 * by the rank of its value (Optuna's {@code plot_rank}).
 *
 * @param panels one per parameter pair (the same pairs as the contour plots)
 */
public record RankPlot(List<Panel> panels) {
  /**
   * One pair.
   *
   * @param x the horizontal parameter
   * @param y the vertical parameter
   * @param points the trials holding both parameters
   */
  public record Panel(ParamAxis x, ParamAxis y, List<Point> points) {
    public Panel {
      points = List.copyOf(points);
    }
  }

  /**
   * One trial.
   *
   * @param number the trial number
   * @param x its x coordinate
   * @param y its y coordinate
   * @param value its objective value
   * @param rank its rank among all COMPLETE trials scaled to [0, 1]: 0 is the best, 1 the worst
   *     (ties share the lowest rank)
   */
  public record Point(int number, double x, double y, double value, double rank) {}

  public RankPlot {
    panels = List.copyOf(panels);
  }

  /** Rank panels of every pair among the first {@code maxParams} of {@code ranking}. */
  public static RankPlot of(List<FrozenTrial> trials, Direction direction, List<String> ranking,
      int maxParams) {
    List<FrozenTrial> done = Points.completed(trials);
    double[] losses = done.stream().mapToDouble(t -> Points.loss(t, direction)).sorted()
        .toArray();
    List<Panel> panels = new ArrayList<>();
    for (List<String> pair : ContourPlot.pairs(ranking, maxParams)) {
      List<FrozenTrial> with = Points.holding(Points.holding(done, pair.get(0)), pair.get(1));
      if (with.isEmpty()) {
        continue;
      }
      ParamAxis ax = ParamAxis.of(pair.get(0), with);
      ParamAxis ay = ParamAxis.of(pair.get(1), with);
      List<Point> pts = new ArrayList<>();
      for (FrozenTrial t : with) {
        pts.add(new Point(t.number(), ax.coord(t.params().get(ax.name())),
            ay.coord(t.params().get(ay.name())), t.value(), rank(losses,
                Points.loss(t, direction))));
      }
      panels.add(new Panel(ax, ay, pts));
    }
    return new RankPlot(panels);
  }

  /** The scaled rank of {@code loss} among the sorted {@code losses}. */
  static double rank(double[] losses, double loss) {
    if (losses.length <= 1) {
      return 0;
    }
    int i = Arrays.binarySearch(losses, loss);
    while (i > 0 && losses[i - 1] == loss) {
      i--;
    }
    return i / (double) (losses.length - 1);
  }
}
