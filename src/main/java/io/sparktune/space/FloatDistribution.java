package io.sparktune.space;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A float parameter in {@code [low, high]}: uniform, log-uniform ({@code log}), or on the grid
 * {@code low + k * step} ({@code step}, never together with {@code log}).
 *
 * @param low lower bound, inclusive
 * @param high upper bound, inclusive
 * @param log whether the value is drawn uniformly in log space; needs {@code low > 0}
 * @param step the grid step, or {@code null} for a continuous value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FloatDistribution(double low, double high, boolean log, Double step)
    implements Distribution {

  public FloatDistribution {
    require(Double.isFinite(low), "low must be finite, but got %s", low);
    require(Double.isFinite(high), "high must be finite, but got %s", high);
    require(low <= high, "low must be <= high, but got low=%s, high=%s", num(low), num(high));
    require(!log || low > 0, "low must be > 0 for a log distribution, but got %s", num(low));
    require(step == null || !log, "step and log cannot be used together, but got step=%s with log",
        step == null ? "" : num(step));
    if (step != null) {
      require(step > 0 && Double.isFinite(step), "step must be > 0, but got %s", num(step));
      // Optuna adjusts high down onto the grid: low + floor((high - low) / step) * step.
      double n = Math.floor((high - low) / step + 1e-9);
      high = low + n * step;
    }
  }

  /** Uniform on {@code [low, high]}. */
  public static FloatDistribution uniform(double low, double high) {
    return new FloatDistribution(low, high, false, null);
  }

  /** Log-uniform on {@code [low, high]}, {@code low > 0}. */
  public static FloatDistribution logUniform(double low, double high) {
    return new FloatDistribution(low, high, true, null);
  }

  /** Uniform on the grid {@code low, low + step, ...} up to {@code high}. */
  public static FloatDistribution stepped(double low, double high, double step) {
    return new FloatDistribution(low, high, false, step);
  }

  @Override
  public Object toExternal(double internal) {
    return internal;
  }

  @Override
  public double toInternal(Object external) {
    require(external instanceof Number, "value must be a number, but got %s", external);
    return ((Number) external).doubleValue();
  }

  @Override
  public boolean contains(double v) {
    if (!(v >= low && v <= high)) {
      return false;
    }
    if (step == null) {
      return true;
    }
    double k = (v - low) / step;
    return Math.abs(k - Math.rint(k)) < 1e-8 * Math.max(1, Math.abs(k));
  }

  @Override
  public boolean isSingle() {
    return low == high;
  }
}
