package io.sparktune.sampler.tpe;

import java.util.random.RandomGenerator;

/**
 * Batch extrapolation: what one proposal in every {@link #PERIOD} of a burst (asks made from the
 * same finished trials) draws from instead of the recombined point, in spaces of at most {@link
 * #MAX_DIMS} parameters. The best "below" observation
 * {@code b} and the mean {@code m} of its basin (see {@link Recombination#basin}) give the
 * direction the search is moving in; the centre is {@code b + α (b − m)} with {@code α} uniform in
 * {@code [0, }{@link #MAX_STEP}{@code ]}, clamped to the bounds, and the kernel's width along each
 * numerical dimension is {@link #RADIUS} times the basin's standard deviation along it (at least
 * {@link #FLOOR} of the range); categoricals keep the best point's choice with probability {@link
 * #KEEP_CHOICE}. The proposal takes the first draw that does not repeat a RUNNING trial, unscored:
 * {@code l(x) / g(x)} would pull it back inside the "below" points, which is what it is for to
 * leave.
 *
 * <p>Why: a round of q proposals from one model adds q points close together, so the "below" set
 * and its bandwidths shrink q times faster than in a sequential study, and a batch can end up
 * crawling along a slope in steps much smaller than the distance left (measured on Branin: a tenth
 * of the batch8 runs ended 0.05-1.4 above the optimum, against 0.008 at most sequentially). A line
 * search step along the basin's drift, as the evolution path of CMA-ES does for its mean, lets one
 * member per round jump ahead (docs/benchmarks-tpe.md, sixth round).
 */
final class Extrapolation {
  /** One proposal in every {@code PERIOD} of a burst extrapolates (the 8th, 16th, ...). */
  static final int PERIOD = 8;
  /** The largest step, in multiples of the best point's distance to its basin's mean. */
  static final double MAX_STEP = 4.0;
  /** The kernel's width, in basin standard deviations. */
  static final double RADIUS = 0.5;
  /** The smallest kernel width, as a fraction of the range. */
  static final double FLOOR = 0.001;
  /** The probability a categorical dimension keeps the best point's choice. */
  static final double KEEP_CHOICE = 0.9;
  /**
   * Spaces with more parameters do not extrapolate: the drift is the offset of one point from
   * the mean of at most 25 (10 at 100 trials), a noisy direction in many dimensions. Measured:
   * helpful in 2 dimensions, neutral to harmful in 6, 7 and 10 (Hartmann6 1.44x -> 1.79x of the
   * sequential regret on seeds 80-279); the bound between is not measured.
   */
  static final int MAX_DIMS = 4;

  private Extrapolation() {}

  /**
   * Whether the ask that is the {@code burst}-th one of its burst (0-based) extrapolates, in a
   * space of {@code dims} parameters (at most {@link #MAX_DIMS}).
   */
  static boolean applies(int burst, int dims) {
    return dims <= MAX_DIMS && burst % PERIOD == PERIOD - 1;
  }

  /**
   * The single-kernel mixture to draw from: centred {@code α} times the best point's offset from
   * its basin's mean beyond the best point ({@code α} drawn from {@code rng}).
   *
   * @param below the "below" observations in model space
   * @param byRank the indices of {@code below}, best first
   */
  static Mixture around(Dim[] dims, double[][] below, int[] byRank, RandomGenerator rng) {
    int[] members = Recombination.basin(dims, below, byRank);
    double[][] basin = new double[members.length][];
    for (int k = 0; k < members.length; k++) {
      basin[k] = below[members[k]];
    }
    double[] best = basin[0];
    double alpha = rng.nextDouble() * MAX_STEP;
    int d = dims.length;
    double[][] mu = new double[d][];
    double[][] sigma = new double[d][];
    double[][] probs = new double[d][];
    for (int i = 0; i < d; i++) {
      Dim dim = dims[i];
      if (dim.isCategorical()) {
        probs[i] = keep(dim.choices, (int) Math.rint(best[i]));
        continue;
      }
      double mean = 0;
      for (double[] x : basin) {
        mean += x[i] / basin.length;
      }
      double centre = Math.max(dim.low, Math.min(dim.high, best[i] + alpha * (best[i] - mean)));
      mu[i] = new double[] {centre};
      sigma[i] = new double[] {Math.max(FLOOR * dim.range(), RADIUS * std(basin, i))};
    }
    return new Mixture(dims, new double[] {1.0}, mu, sigma, probs, false);
  }

  /** {@link #KEEP_CHOICE} on {@code choice}, the rest spread evenly over the other choices. */
  static double[] keep(int choices, int choice) {
    double[] p = new double[choices];
    for (int c = 0; c < choices; c++) {
      p[c] = choices == 1 ? 1.0
          : c == choice ? KEEP_CHOICE : (1 - KEEP_CHOICE) / (choices - 1);
    }
    return p;
  }

  /** The sample standard deviation of coordinate {@code i} of {@code points} (0 for one point). */
  static double std(double[][] points, int i) {
    int n = points.length;
    if (n < 2) {
      return 0;
    }
    double mean = 0;
    for (double[] x : points) {
      mean += x[i] / n;
    }
    double var = 0;
    for (double[] x : points) {
      var += (x[i] - mean) * (x[i] - mean);
    }
    return Math.sqrt(var / (n - 1));
  }
}
