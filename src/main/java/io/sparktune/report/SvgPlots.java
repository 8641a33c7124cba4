package io.sparktune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders each plot of a {@link StudyReport} as a standalone SVG document. */
final class SvgPlots {
  static final int W = 720;
  static final int H = 420;
  private static final double L = 80;
  private static final double R = W - 24;
  private static final double T = 40;
  private static final double B = H - 52;
  static final Map<String, String> STATE_COLORS = Map.of("COMPLETE", "#4c78a8", "PRUNED",
      "#f58518", "FAIL", "#e45756", "RUNNING", "#72b7b2", "WAITING", "#bab0ac");

  private SvgPlots() {}

  /** File name (without extension) to SVG text, for every plot that has data. */
  static Map<String, String> all(StudyReport r) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (!r.history().values().isEmpty()) {
      out.put("history", history(r.history(), r.direction().toString()));
    }
    if (!r.intermediate().curves().isEmpty()) {
      out.put("intermediate", intermediate(r.intermediate()));
    }
    if (!r.parallel().lines().isEmpty() && !r.parallel().axes().isEmpty()) {
      out.put("parallel", parallel(r.parallel()));
    }
    if (!r.importance().bars().isEmpty()) {
      out.put("importance", importance(r.importance()));
    }
    if (!r.edf().points().isEmpty()) {
      out.put("edf", edf(r.edf()));
    }
    if (!r.timeline().bars().isEmpty()) {
      out.put("timeline", timeline(r.timeline()));
    }
    for (int k = 0; k < r.contour().panels().size(); k++) {
      out.put("contour-" + k, contour(r.contour().panels().get(k)));
    }
    for (int k = 0; k < r.rank().panels().size(); k++) {
      out.put("rank-" + k, rank(r.rank().panels().get(k)));
    }
    for (int k = 0; k < r.slice().panels().size(); k++) {
      out.put("slice-" + k, slice(r.slice().panels().get(k)));
    }
    return out;
  }

  static String history(HistoryPlot h, String direction) {
    Svg s = new Svg(W, H, "Optimization history (" + direction + ")");
    Svg.Axis x = Svg.Axis.linear(h.values().get(0).number(),
        h.values().get(h.values().size() - 1).number(), L, R);
    double lo = h.values().stream().mapToDouble(HistoryPlot.Point::value).min().orElse(0);
    double hi = h.values().stream().mapToDouble(HistoryPlot.Point::value).max().orElse(1);
    Svg.Axis y = Svg.Axis.linear(lo, hi, B, T);
    s.axes(x, y, "trial", "objective value");
    h.values().forEach(p -> s.circle(x.px(p.number()), y.px(p.value()), 3, "#4c78a8", 0.8));
    List<double[]> line = new ArrayList<>();
    double prev = Double.NaN;
    for (HistoryPlot.Point p : h.bestSoFar()) {
      if (!Double.isNaN(prev)) {
        line.add(new double[] {x.px(p.number()), y.px(prev)});
      }
      line.add(new double[] {x.px(p.number()), y.px(p.value())});
      prev = p.value();
    }
    s.polyline(line, "#e45756", 2, 1, null);
    legend(s, List.of("objective value", "best value"), List.of("#4c78a8", "#e45756"));
    return s.finish();
  }

  static String intermediate(IntermediatePlot p) {
    Svg s = new Svg(W, H, "Intermediate values");
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (IntermediatePlot.Curve c : p.curves()) {
      x0 = Math.min(x0, c.steps().get(0));
      x1 = Math.max(x1, c.steps().get(c.steps().size() - 1));
      for (double v : c.values()) {
        y0 = Math.min(y0, v);
        y1 = Math.max(y1, v);
      }
    }
    Svg.Axis x = Svg.Axis.linear(x0, x1, L, R);
    Svg.Axis y = Svg.Axis.linear(y0, y1, B, T);
    s.axes(x, y, "step", "intermediate value");
    for (IntermediatePlot.Curve c : p.curves()) {
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < c.steps().size(); i++) {
        pts.add(new double[] {x.px(c.steps().get(i)), y.px(c.values().get(i))});
      }
      boolean pruned = c.state().name().equals("PRUNED");
      String color = STATE_COLORS.get(c.state().name());
      s.polyline(pts, color, 1, pruned ? 0.55 : 0.85, pruned ? "4 2" : null);
      if (pruned) {
        double[] last = pts.get(pts.size() - 1);
        s.line(last[0] - 3, last[1] - 3, last[0] + 3, last[1] + 3, "#b30000", 1.5, null);
        s.line(last[0] - 3, last[1] + 3, last[0] + 3, last[1] - 3, "#b30000", 1.5, null);
      }
    }
    for (IntermediatePlot.RungMark m : p.rungs()) {
      if (m.step() != null && Double.isFinite(m.value())) {
        s.circle(x.px(m.step()), y.px(m.value()), 3.5, "#54a24b", 1);
      }
    }
    legend(s, List.of("COMPLETE", "PRUNED", "rung"), List.of("#4c78a8", "#f58518", "#54a24b"));
    return s.finish();
  }

  static String parallel(ParallelPlot p) {
    Svg s = new Svg(W, H, "Parallel coordinates");
    int n = p.axes().size() + 1;
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = L + (R - 40 - L) * i / (double) (n - 1);
    }
    double lo = p.lines().stream().mapToDouble(ParallelPlot.Line::value).min().orElse(0);
    double hi = p.lines().stream().mapToDouble(ParallelPlot.Line::value).max().orElse(1);
    List<Svg.Axis> axes = new ArrayList<>();
    axes.add(Svg.Axis.linear(lo, hi, B, T + 16));
    p.axes().forEach(a -> axes.add(Svg.Axis.of(a, B, T + 16)));
    for (ParallelPlot.Line l : p.lines()) {
      List<double[]> pts = new ArrayList<>();
      pts.add(new double[] {xs[0], axes.get(0).px(l.value())});
      for (int i = 0; i < l.coords().size(); i++) {
        pts.add(new double[] {xs[i + 1], axes.get(i + 1).px(l.coords().get(i))});
      }
      s.polyline(pts, Svg.color(hi > lo ? (l.value() - lo) / (hi - lo) : 0.5), 1, 0.6, null);
    }
    for (int i = 0; i < n; i++) {
      Svg.Axis a = axes.get(i);
      s.line(xs[i], B, xs[i], T + 16, "#333", 1, null);
      s.text(xs[i], T + 8, i == 0 ? "objective" : p.axes().get(i - 1).name(), "middle", 12, 0);
      for (double t : a.ticks()) {
        s.text(xs[i] + 4, a.px(t) + 4, a.label(t), "start", 10, 0);
      }
    }
    return s.finish();
  }

  static String importance(ImportancePlot p) {
    Svg s = new Svg(W, H, "Parameter importance (" + p.method() + ")");
    double left = 170;
    Svg.Axis x = Svg.Axis.linear(0, 1, left, R - 40);
    int n = p.bars().size();
    double band = (B - T) / Math.max(n, 1);
    for (double t : x.ticks()) {
      s.line(x.px(t), T, x.px(t), B, "#e6e6e6", 1, null);
      s.text(x.px(t), B + 16, x.label(t), "middle", 11, 0);
    }
    for (int i = 0; i < n; i++) {
      ImportancePlot.Bar b = p.bars().get(i);
      double y = T + band * i + band * 0.15;
      s.rect(left, y, x.px(b.importance()) - left, band * 0.7, "#4c78a8", 1);
      s.text(left - 6, y + band * 0.35 + 4, b.param(), "end", 12, 0);
      s.text(x.px(b.importance()) + 4, y + band * 0.35 + 4, Svg.num(b.importance()), "start", 11,
          0);
    }
    s.text((left + R) / 2, B + 34, "importance", "middle", 12, 0);
    return s.finish();
  }

  static String edf(EdfPlot p) {
    Svg s = new Svg(W, H, "Empirical distribution function");
    List<EdfPlot.Point> e = p.points();
    Svg.Axis x = Svg.Axis.linear(e.get(0).value(), e.get(e.size() - 1).value(), L, R);
    Svg.Axis y = new Svg.Axis(ParamAxis.Scale.LINEAR, List.of(), 0, 1, B, T);
    s.axes(x, y, "objective value", "cumulative probability");
    List<double[]> pts = new ArrayList<>();
    double prev = 0;
    for (EdfPlot.Point q : e) {
      pts.add(new double[] {x.px(q.value()), y.px(prev)});
      pts.add(new double[] {x.px(q.value()), y.px(q.fraction())});
      prev = q.fraction();
    }
    s.polyline(pts, "#4c78a8", 2, 1, null);
    return s.finish();
  }

  static String timeline(TimelinePlot p) {
    Svg s = new Svg(W, H, "Timeline (one lane per executor slot)");
    double left = 190;
    long t0 = p.bars().stream().mapToLong(TimelinePlot.Bar::startMillis).min().orElse(0);
    long t1 = p.bars().stream().mapToLong(TimelinePlot.Bar::endMillis).max().orElse(1);
    Svg.Axis x = Svg.Axis.linear(0, Math.max(1e-3, (t1 - t0) / 1000.0), left, R);
    int n = p.lanes().size();
    double band = (B - T - 10) / n;
    for (double t : x.ticks()) {
      s.line(x.px(t), T, x.px(t), B, "#e6e6e6", 1, null);
      s.text(x.px(t), B + 16, x.label(t), "middle", 11, 0);
    }
    for (int i = 0; i < n; i++) {
      s.text(left - 6, T + band * (i + 0.5) + 4, p.lanes().get(i), "end", 11, 0);
    }
    for (TimelinePlot.Bar b : p.bars()) {
      int lane = p.lanes().indexOf(b.lane());
      double a = x.px((b.startMillis() - t0) / 1000.0);
      double z = x.px((b.endMillis() - t0) / 1000.0);
      s.rect(a, T + band * lane + band * 0.2, Math.max(1, z - a), band * 0.6,
          STATE_COLORS.get(b.state().name()), 0.9);
    }
    s.text((left + R) / 2, B + 34, "seconds since the first start", "middle", 12, 0);
    legend(s, List.of("COMPLETE", "PRUNED", "FAIL", "RUNNING"),
        List.of("#4c78a8", "#f58518", "#e45756", "#72b7b2"));
    return s.finish();
  }

  static String contour(ContourPlot.Panel p) {
    Svg s = new Svg(W, H, "Contour: " + p.x().name() + " × " + p.y().name());
    Svg.Axis x = edgeAxis(p.x(), p.xEdges(), L, R);
    Svg.Axis y = edgeAxis(p.y(), p.yEdges(), B, T);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Double> row : p.z()) {
      for (Double z : row) {
        lo = Math.min(lo, z);
        hi = Math.max(hi, z);
      }
    }
    for (int j = 0; j < p.z().size(); j++) {
      for (int i = 0; i < p.z().get(j).size(); i++) {
        double a = x.px(p.xEdges().get(i));
        double b = x.px(p.xEdges().get(i + 1));
        double c = y.px(p.yEdges().get(j + 1));
        double d = y.px(p.yEdges().get(j));
        double z = p.z().get(j).get(i);
        s.rect(a, c, b - a + 0.5, d - c + 0.5, Svg.color(hi > lo ? (z - lo) / (hi - lo) : 0.5),
            1);
      }
    }
    s.axes(x, y, p.x().name(), p.y().name());
    p.points().forEach(q -> s.circle(x.px(q.x()), y.px(q.y()), 2.5, "#111111", 0.8));
    return s.finish();
  }

  static String rank(RankPlot.Panel p) {
    Svg s = new Svg(W, H, "Rank: " + p.x().name() + " × " + p.y().name());
    Svg.Axis x = Svg.Axis.of(p.x(), L, R);
    Svg.Axis y = Svg.Axis.of(p.y(), B, T);
    s.axes(x, y, p.x().name(), p.y().name());
    p.points().forEach(q -> s.circle(x.px(q.x()), y.px(q.y()), 4, Svg.color(1 - q.rank()), 0.9));
    return s.finish();
  }

  static String slice(SlicePlot.Panel p) {
    Svg s = new Svg(W, H, "Slice: " + p.axis().name());
    Svg.Axis x = Svg.Axis.of(p.axis(), L, R);
    double lo = p.points().stream().mapToDouble(SlicePlot.Point::value).min().orElse(0);
    double hi = p.points().stream().mapToDouble(SlicePlot.Point::value).max().orElse(1);
    Svg.Axis y = Svg.Axis.linear(lo, hi, B, T);
    s.axes(x, y, p.axis().name(), "objective value");
    p.points().forEach(q -> s.circle(x.px(q.x()), y.px(q.value()), 3, "#4c78a8", 0.7));
    return s.finish();
  }

  private static Svg.Axis edgeAxis(ParamAxis a, List<Double> edges, double p0, double p1) {
    if (a.scale() == ParamAxis.Scale.CATEGORICAL) {
      return Svg.Axis.of(a, p0, p1);
    }
    return new Svg.Axis(a.scale(), List.of(), edges.get(0), edges.get(edges.size() - 1), p0, p1)
        .unpadded();
  }

  private static void legend(Svg s, List<String> names, List<String> colors) {
    double x = R - 110;
    for (int i = 0; i < names.size(); i++) {
      double y = T + 6 + i * 16;
      s.rect(x, y - 8, 10, 10, colors.get(i), 1);
      s.text(x + 14, y + 1, names.get(i), "start", 11, 0);
    }
  }
}
