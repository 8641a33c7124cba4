package io.sparktune.sampler.tpe;

import java.util.random.RandomGenerator;

/**
 * Numerics of the normal distribution truncated to {@code [low, high]} (Optuna's {@code _truncnorm}
 * and {@code _erf}). Kernels of a Parzen estimator are centred inside their bounds, so the mass
 * {@code Φ(b) − Φ(a)} never falls in a far tail; the complementary error function below has a
 * relative error under 1.2e-7 everywhere, which is ample for an acquisition function.
 */
final class TruncatedNormal {
  static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SQRT_HALF = Math.sqrt(0.5);
  /** Beyond this many standard deviations Φ is 0 or 1 to double precision (for our purposes). */
  private static final double FAR = 8.5;
  /** A tail beyond this many standard deviations holds under 5e-11 of the mass: left out. */
  private static final double TAIL = 6.5;

  private TruncatedNormal() {}

  /** The complementary error function (Chebyshev fit; fractional error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }

  /** The standard normal CDF Φ(z). */
  static double cdf(double z) {
    if (z < -FAR * 4) {
      return 0;
    }
    return 0.5 * erfc(-z * SQRT_HALF);
  }

  /** Φ(b) − Φ(a) for a ≤ b, computed on the side of zero where it keeps its digits. */
  static double mass(double a, double b) {
    if (a >= 0) {
      return 0.5 * (erfc(a * SQRT_HALF) - erfc(b * SQRT_HALF));
    }
    if (b <= 0) {
      return 0.5 * (erfc(-b * SQRT_HALF) - erfc(-a * SQRT_HALF));
    }
    double left = a < -TAIL ? 0 : 0.5 * erfc(-a * SQRT_HALF);
    double right = b > TAIL ? 0 : 0.5 * erfc(b * SQRT_HALF);
    return 1.0 - left - right;
  }

  /**
   * log of the probability mass that N(mu, sigma) truncated to [low, high] puts on [lo, hi] (a bin
   * of a discrete parameter), {@code logZ} being log(Φ(b) − Φ(a)) of the truncation.
   */
  static double logBinMass(double lo, double hi, double mu, double sigma, double logZ) {
    double a = (lo - mu) / sigma;
    double b = (hi - mu) / sigma;
    double width = b - a;
    if (width < 0.05 || Math.min(Math.abs(a), Math.abs(b)) > FAR) {
      // A narrow bin (or one in the far tail): density at the centre times the width.
      double c = 0.5 * (a + b);
      return -0.5 * c * c - LOG_SQRT_2PI + Math.log(width) - logZ;
    }
    double m = mass(a, b);
    if (!(m > 0)) {
      double c = Math.min(Math.abs(a), Math.abs(b));
      return -0.5 * c * c - LOG_SQRT_2PI + Math.log(width) - logZ;
    }
    return Math.log(m) - logZ;
  }

  /** log(Φ(b) − Φ(a)) for the truncation of N(mu, sigma) to [low, high]. */
  static double logNormalizer(double low, double high, double mu, double sigma) {
    double a = (low - mu) / sigma;
    double b = (high - mu) / sigma;
    if (a < -TAIL && b > TAIL) {
      return 0;
    }
    double m = mass(a, b);
    if (m > 0) {
      return Math.log(m);
    }
    double c = Math.min(Math.abs(a), Math.abs(b));
    return -0.5 * c * c - LOG_SQRT_2PI + Math.log(b - a);
  }

  /**
   * A draw of N(mu, sigma) truncated to [low, high], by rejection: the kernels are centred in
   * their bounds, so at least a third of the proposals are accepted; after 64 misses the draw
   * falls back to a uniform value in the bounds.
   */
  static double sample(double mu, double sigma, double low, double high, RandomGenerator rng) {
    for (int i = 0; i < 64; i++) {
      double x = mu + sigma * rng.nextGaussian();
      if (x >= low && x <= high) {
        return x;
      }
    }
    return low + (high - low) * rng.nextDouble();
  }
}
