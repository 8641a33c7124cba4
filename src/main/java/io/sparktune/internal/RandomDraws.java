package io.sparktune.internal;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.random.RandomGenerator;

/** Uniform draws from a distribution (in log space for log distributions), as internal values. */
public final class RandomDraws {
  private RandomDraws() {}

  /** An internal value drawn uniformly from {@code d}. */
  public static double internal(Distribution d, RandomGenerator rng) {
    return fromUnit(d, rng.nextDouble());
  }

  /**
   * Maps {@code u} in {@code [0, 1)} onto {@code d} so that uniform {@code u} gives the uniform draw
   * (used by space-filling designs as well as plain random search).
   */
  public static double fromUnit(Distribution d, double u) {
    if (d instanceof FloatDistribution f) {
      if (f.low() == f.high()) {
        return f.low();
      }
      if (f.log()) {
        double lo = Math.log(f.low());
        double hi = Math.log(f.high());
        return clamp(Math.exp(lo + u * (hi - lo)), f.low(), f.high());
      }
      if (f.step() != null) {
        long n = Math.round((f.high() - f.low()) / f.step()) + 1;
        long k = Math.min(n - 1, (long) Math.floor(u * n));
        return clamp(f.low() + k * f.step(), f.low(), f.high());
      }
      return clamp(f.low() + u * (f.high() - f.low()), f.low(), f.high());
    }
    if (d instanceof IntDistribution i) {
      if (i.log()) {
        double lo = Math.log(i.low() - 0.5);
        double hi = Math.log(i.high() + 0.5);
        double v = Math.round(Math.exp(lo + u * (hi - lo)));
        return clamp(v, i.low(), i.high());
      }
      long n = (i.high() - i.low()) / i.step() + 1;
      long k = Math.min(n - 1, (long) Math.floor(u * n));
      return i.low() + k * i.step();
    }
    if (d instanceof CategoricalDistribution c) {
      int n = c.choices().size();
      return Math.min(n - 1, (int) Math.floor(u * n));
    }
    throw new AssertionError(d);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
