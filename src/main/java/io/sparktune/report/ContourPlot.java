package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * Contour plots: for pairs of parameters, the objective interpolated over a grid from the COMPLETE
 * trials, with the trials on top (Optuna's {@code plot_contour}). The surface is an
 * inverse-distance-weighted mean of the nearest {@value #NEIGHBOURS} trials (power 2), computed on
 * axes scaled to [0, 1] (log axes in log space).
 *
 * @param panels one per parameter pair
 */
public record ContourPlot(List<Panel> panels) {
  /** Grid cells per axis. */
  public static final int CELLS = 24;
  static final int NEIGHBOURS = 8;

  /**
   * One pair.
   *
   * @param x the horizontal parameter
   * @param y the vertical parameter
   * @param xEdges the {@code CELLS + 1} cell edges along x (coordinates)
   * @param yEdges the cell edges along y
   * @param z the interpolated value of cell {@code [j][i]} (row j along y, column i along x)
   * @param points the trials holding both parameters
   */
  public record Panel(ParamAxis x, ParamAxis y, List<Double> xEdges, List<Double> yEdges,
      List<List<Double>> z, List<Point> points) {
    public Panel {
      xEdges = List.copyOf(xEdges);
      yEdges = List.copyOf(yEdges);
      z = z.stream().map(List::copyOf).toList();
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
   */
  public record Point(int number, double x, double y, double value) {}

  public ContourPlot {
    panels = List.copyOf(panels);
  }

  /** Contours of every pair among the first {@code maxParams} of {@code ranking}. */
  public static ContourPlot of(List<FrozenTrial> trials, List<String> ranking, int maxParams) {
    List<FrozenTrial> done = Points.completed(trials);
    List<Panel> panels = new ArrayList<>();
    for (List<String> pair : pairs(ranking, maxParams)) {
      List<FrozenTrial> with = Points.holding(Points.holding(done, pair.get(0)), pair.get(1));
      if (with.size() >= 2) {
        panels.add(panel(with, ParamAxis.of(pair.get(0), with), ParamAxis.of(pair.get(1), with)));
      }
    }
    return new ContourPlot(panels);
  }

  /** Pairs (a, b) of the first {@code maxParams} names, a ranked before b. */
  static List<List<String>> pairs(List<String> ranking, int maxParams) {
    List<String> top = ranking.subList(0, Math.min(maxParams, ranking.size()));
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      for (int j = i + 1; j < top.size(); j++) {
        pairs.add(List.of(top.get(i), top.get(j)));
      }
    }
    return pairs;
  }

  private static Panel panel(List<FrozenTrial> trials, ParamAxis ax, ParamAxis ay) {
    int n = trials.size();
    double[] px = new double[n];
    double[] py = new double[n];
    double[] pv = new double[n];
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      FrozenTrial t = trials.get(k);
      double x = ax.coord(t.params().get(ax.name()));
      double y = ay.coord(t.params().get(ay.name()));
      points.add(new Point(t.number(), x, y, t.value()));
      px[k] = unit(ax, x);
      py[k] = unit(ay, y);
      pv[k] = t.value();
    }
    List<Double> xe = edges(ax);
    List<Double> ye = edges(ay);
    List<List<Double>> z = new ArrayList<>();
    int nn = Math.min(NEIGHBOURS, n);
    double[] bestD = new double[nn];
    int[] bestK = new int[nn];
    for (int j = 0; j < CELLS; j++) {
      double cy = (j + 0.5) / CELLS;
      List<Double> row = new ArrayList<>();
      for (int i = 0; i < CELLS; i++) {
        double cx = (i + 0.5) / CELLS;
        int found = 0;
        for (int k = 0; k < n; k++) {
          double d = (px[k] - cx) * (px[k] - cx) + (py[k] - cy) * (py[k] - cy);
          if (found < nn || d < bestD[found - 1]) {
            int at = found < nn ? found++ : found - 1;
            while (at > 0 && bestD[at - 1] > d) {
              bestD[at] = bestD[at - 1];
              bestK[at] = bestK[at - 1];
              at--;
            }
            bestD[at] = d;
            bestK[at] = k;
          }
        }
        double num = 0;
        double den = 0;
        for (int m = 0; m < found; m++) {
          double w = 1 / (bestD[m] + 1e-9);
          num += w * pv[bestK[m]];
          den += w;
        }
        row.add(num / den);
      }
      z.add(row);
    }
    return new Panel(ax, ay, xe, ye, z, points);
  }

  /** A coordinate scaled to [0, 1] over the axis range (0.5 when the range is one point). */
  private static double unit(ParamAxis a, double c) {
    double lo = lo(a);
    double hi = hi(a);
    return hi > lo ? (a.toLinear(c) - lo) / (hi - lo) : 0.5;
  }

  private static double lo(ParamAxis a) {
    return a.scale() == ParamAxis.Scale.CATEGORICAL ? -0.5 : a.toLinear(a.min());
  }

  private static double hi(ParamAxis a) {
    return a.scale() == ParamAxis.Scale.CATEGORICAL ? a.max() + 0.5 : a.toLinear(a.max());
  }

  private static List<Double> edges(ParamAxis a) {
    double lo = lo(a);
    double hi = hi(a);
    if (hi <= lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    List<Double> e = new ArrayList<>();
    for (int i = 0; i <= CELLS; i++) {
      e.add(a.fromLinear(lo + (hi - lo) * i / CELLS));
    }
    return e;
  }
}
