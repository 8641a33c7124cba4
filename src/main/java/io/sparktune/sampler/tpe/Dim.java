package io.sparktune.sampler.tpe;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;

/**
 * One parameter as the Parzen estimator sees it: the "model" representation of a value (log space
 * for log parameters, the choice index for categoricals) and, for numerical parameters, the bounds
 * in that representation, widened by half a step for discrete values so that every grid value owns
 * a bin of equal width.
 */
final class Dim {
  /** How values map to model space. */
  enum Kind {
    /** A continuous float, linear or log. */
    CONTINUOUS,
    /** A float or int on the grid {@code low + k * step} (linear). */
    STEPPED,
    /** An int drawn in log space: bins {@code [log(v - 0.5), log(v + 0.5)]}. */
    LOG_INT,
    /** A categorical parameter: the model value is the choice index. */
    CATEGORICAL
  }

  final Distribution distribution;
  final Kind kind;
  final boolean log;
  /** Model-space bounds (numerical kinds). */
  final double low;
  final double high;
  /** The grid step (STEPPED). */
  final double step;
  /** Grid origin and end in internal units (STEPPED, LOG_INT). */
  final double gridLow;
  final double gridHigh;
  /** Number of choices (CATEGORICAL). */
  final int choices;

  private Dim(Distribution d, Kind kind, boolean log, double low, double high, double step,
      double gridLow, double gridHigh, int choices) {
    this.distribution = d;
    this.kind = kind;
    this.log = log;
    this.low = low;
    this.high = high;
    this.step = step;
    this.gridLow = gridLow;
    this.gridHigh = gridHigh;
    this.choices = choices;
  }

  static Dim of(Distribution d) {
    if (d instanceof FloatDistribution f) {
      if (f.log()) {
        return new Dim(d, Kind.CONTINUOUS, true, Math.log(f.low()), Math.log(f.high()), 0,
            f.low(), f.high(), 0);
      }
      if (f.step() != null) {
        double s = f.step();
        return new Dim(d, Kind.STEPPED, false, f.low() - s / 2, f.high() + s / 2, s, f.low(),
            f.high(), 0);
      }
      return new Dim(d, Kind.CONTINUOUS, false, f.low(), f.high(), 0, f.low(), f.high(), 0);
    }
    if (d instanceof IntDistribution i) {
      if (i.log()) {
        return new Dim(d, Kind.LOG_INT, true, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5),
            1, i.low(), i.high(), 0);
      }
      double s = i.step();
      return new Dim(d, Kind.STEPPED, false, i.low() - s / 2, i.high() + s / 2, s, i.low(),
          i.high(), 0);
    }
    if (d instanceof CategoricalDistribution c) {
      return new Dim(d, Kind.CATEGORICAL, false, 0, c.choices().size(), 0, 0, 0,
          c.choices().size());
    }
    throw new AssertionError(d);
  }

  boolean isCategorical() {
    return kind == Kind.CATEGORICAL;
  }

  boolean isDiscrete() {
    return kind == Kind.STEPPED || kind == Kind.LOG_INT;
  }

  /** The model value of an internal value. */
  double toModel(double internal) {
    return log ? Math.log(internal) : internal;
  }

  /** The internal value of a model value, snapped onto the grid and clamped to the bounds. */
  double toInternal(double model) {
    switch (kind) {
      case CONTINUOUS -> {
        double v = log ? Math.exp(model) : model;
        return Math.max(gridLow, Math.min(gridHigh, v));
      }
      case STEPPED -> {
        double k = Math.rint((model - gridLow) / step);
        double v = gridLow + k * step;
        return Math.max(gridLow, Math.min(gridHigh, v));
      }
      case LOG_INT -> {
        return Math.max(gridLow, Math.min(gridHigh, Math.rint(Math.exp(model))));
      }
      case CATEGORICAL -> {
        return Math.max(0, Math.min(choices - 1, Math.rint(model)));
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** Snaps a sampled model value onto the model value of its grid point (discrete kinds). */
  double snap(double model) {
    return isDiscrete() || isCategorical() ? toModel(toInternal(model)) : model;
  }

  /** The lower edge of the bin of the (snapped) model value {@code x} (discrete kinds). */
  double binLow(double x) {
    return kind == Kind.LOG_INT ? Math.log(Math.rint(Math.exp(x)) - 0.5) : x - step / 2;
  }

  /** The upper edge of the bin of the (snapped) model value {@code x} (discrete kinds). */
  double binHigh(double x) {
    return kind == Kind.LOG_INT ? Math.log(Math.rint(Math.exp(x)) + 0.5) : x + step / 2;
  }

  /** The width of the model-space range. */
  double range() {
    return high - low;
  }
}
