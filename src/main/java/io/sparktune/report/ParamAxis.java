package io.sparktune.report;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * How one parameter is laid out on a plot axis. Numbers are plotted at their own value (on a log
 * axis when the distribution is log), categories at their index in {@code categories}.
 *
 * @param name the parameter name
 * @param scale linear, log or categorical
 * @param min the smallest plotted coordinate (a category index for categorical axes)
 * @param max the largest plotted coordinate
 * @param categories the choices as text, in distribution order; empty unless categorical
 */
public record ParamAxis(String name, Scale scale, double min, double max, List<String> categories) {
  /** How coordinates map to an axis. */
  public enum Scale {
    /** Evenly spaced numbers. */
    LINEAR,
    /** Numbers on a base-10 log axis; all coordinates are positive. */
    LOG,
    /** Category indices 0..n-1, labelled by {@link ParamAxis#categories()}. */
    CATEGORICAL
  }

  public ParamAxis {
    categories = List.copyOf(categories);
  }

  /**
   * The axis of {@code name} over {@code trials} (which all hold it): the distribution of the
   * last trial decides the scale, the trials' values decide the range of a numeric axis.
   */
  static ParamAxis of(String name, List<FrozenTrial> trials) {
    Distribution d = trials.get(trials.size() - 1).distributions().get(name);
    if (d instanceof CategoricalDistribution c) {
      List<String> cats = new ArrayList<>();
      c.choices().forEach(o -> cats.add(String.valueOf(o)));
      return new ParamAxis(name, Scale.CATEGORICAL, 0, cats.size() - 1, cats);
    }
    boolean log = d instanceof FloatDistribution f ? f.log() : ((IntDistribution) d).log();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (FrozenTrial t : trials) {
      double v = ((Number) t.params().get(name)).doubleValue();
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return new ParamAxis(name, log ? Scale.LOG : Scale.LINEAR, lo, hi, List.of());
  }

  /** The plot coordinate of a parameter value: the number itself, or the category index. */
  public double coord(Object value) {
    if (scale == Scale.CATEGORICAL) {
      return categories.indexOf(String.valueOf(value));
    }
    return ((Number) value).doubleValue();
  }

  /** A coordinate mapped to an evenly spaced space (log10 on log axes), for interpolation. */
  double toLinear(double coord) {
    return scale == Scale.LOG ? Math.log10(coord) : coord;
  }

  /** The inverse of {@link #toLinear}. */
  double fromLinear(double x) {
    return scale == Scale.LOG ? Math.pow(10, x) : x;
  }
}
