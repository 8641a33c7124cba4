package io.sparktune.report;

/** The standard normal distribution's interval mass, accurate in both tails. */
final class Normal {
  private Normal() {}

  /** {@code P(a < Z < b)} for a standard normal {@code Z} and {@code a <= b}. */
  static double mass(double a, double b) {
    if (a >= 0) {
      return upper(a) - upper(b);
    }
    if (b <= 0) {
      return upper(-b) - upper(-a);
    }
    return 1 - upper(-a) - upper(b);
  }

  /** {@code P(Z > x)}. */
  static double upper(double x) {
    return 0.5 * erfc(x / Math.sqrt(2));
  }

  /** The complementary error function, relative error below 1.2e-7 (Numerical Recipes). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
