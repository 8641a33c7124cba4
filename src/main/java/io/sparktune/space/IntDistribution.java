package io.sparktune.space;

import static io.sparktune.internal.Checks.require;

/**
 * An integer parameter in {@code [low, high]} on the grid {@code low + k * step}; {@code log} draws
 * uniformly in log space (needs {@code low >= 1} and {@code step == 1}).
 *
 * @param low lower bound, inclusive
 * @param high upper bound, inclusive; adjusted down onto the step grid
 * @param log whether the value is drawn uniformly in log space
 * @param step the grid step, at least 1
 */
public record IntDistribution(long low, long high, boolean log, long step) implements Distribution {

  public IntDistribution {
    require(low <= high, "low must be <= high, but got low=%d, high=%d", low, high);
    require(step >= 1, "step must be >= 1, but got %d", step);
    require(!log || low >= 1, "low must be >= 1 for a log distribution, but got %d", low);
    require(!log || step == 1, "step must be 1 for a log distribution, but got %d", step);
    high = low + ((high - low) / step) * step;
  }

  /** Uniform on {@code low..high}. */
  public static IntDistribution uniform(long low, long high) {
    return new IntDistribution(low, high, false, 1);
  }

  /** Log-uniform on {@code low..high}, {@code low >= 1}. */
  public static IntDistribution logUniform(long low, long high) {
    return new IntDistribution(low, high, true, 1);
  }

  /** Uniform on {@code low, low + step, ...} up to {@code high}. */
  public static IntDistribution stepped(long low, long high, long step) {
    return new IntDistribution(low, high, false, step);
  }

  @Override
  public Object toExternal(double internal) {
    return Math.round(internal);
  }

  @Override
  public double toInternal(Object external) {
    require(external instanceof Number, "value must be an integer, but got %s", external);
    double v = ((Number) external).doubleValue();
    require(v == Math.rint(v), "value must be an integer, but got %s", external);
    return v;
  }

  @Override
  public boolean contains(double v) {
    return v == Math.rint(v) && v >= low && v <= high && ((long) v - low) % step == 0;
  }

  @Override
  public boolean isSingle() {
    return low == high;
  }
}
