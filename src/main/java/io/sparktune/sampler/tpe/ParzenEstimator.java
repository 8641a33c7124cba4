package io.sparktune.sampler.tpe;

import java.util.Arrays;

/**
 * Turns observations into a {@link Mixture} (Optuna's {@code _ParzenEstimator}): one kernel per
 * observation plus a prior kernel, with weights, bandwidths and the categorical smoothing chosen by
 * {@link Settings}.
 */
final class ParzenEstimator {
  /** Optuna's factor on the multivariate bandwidth (SIGMA0_MAGNITUDE). */
  private static final double SIGMA0 = 0.2;
  /** Smallest bandwidth as a fraction of the range when the magic clip is off. */
  private static final double MIN_SIGMA_FRACTION = 1e-3;
  /**
   * The most kernels an estimator keeps (plus the prior); older observations beyond it are
   * thinned (see {@link #thin}), which bounds the cost of an ask in long studies.
   */
  static final int MAX_KERNELS = 256;

  /**
   * Estimator settings.
   *
   * @param weighting kernel weights by age
   * @param bandwidth the bandwidth rule
   * @param magicClip whether bandwidths are at least {@code range / min(100, 1 + kernels)}
   * @param priorWeight weight of the prior kernel (centre of the range, width = range)
   * @param categoricalSmoothing categorical kernels put {@code s/(1+s)} of their mass uniformly on
   *     all choices; negative selects Optuna's rule ({@code s = k · priorWeight / (n + 1)})
   * @param scale how continuous kernels are scored
   */
  record Settings(TpeSampler.Weights weighting, TpeSampler.Bandwidth bandwidth, boolean magicClip,
      double priorWeight, double categoricalSmoothing, TpeSampler.KernelScale scale) {}

  private ParzenEstimator() {}

  /** Optuna's age weights for {@code n} observations in chronological order. */
  static double[] weights(TpeSampler.Weights weighting, int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    if (weighting == TpeSampler.Weights.OPTUNA_RAMP && n >= 25) {
      int ramp = n - 25;
      for (int i = 0; i < ramp; i++) {
        w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
      }
    }
    return w;
  }

  /**
   * The mixture over {@code obs} (model values, observation-major, chronological order) plus the
   * prior kernel.
   */
  static Mixture build(Dim[] dims, double[][] obs, Settings s) {
    return build(dims, obs, s, 0, 1.0, 1.0);
  }

  /**
   * As {@link #build(Dim[], double[][], Settings)}, with the last {@code tail} observations (the
   * constant liar's RUNNING trials) weighing {@code tailWeight} times their age weight, and every
   * observation kernel's bandwidth, its lower bound included, multiplied by {@code
   * bandwidthFactor} (the prior kernel keeps the range).
   */
  static Mixture build(Dim[] dims, double[][] obs, Settings s, int tail, double tailWeight,
      double bandwidthFactor) {
    return build(dims, obs, s, tail, tailWeight, bandwidthFactor, null);
  }

  /** As above, each observation's weight also multiplied by {@code multipliers[j]} if not null. */
  static Mixture build(Dim[] dims, double[][] obs, Settings s, int tail, double tailWeight,
      double bandwidthFactor, double[] multipliers) {
    int observed = obs.length;
    double[] ageWeights = weights(s.weighting(), observed);
    if (multipliers != null) {
      for (int j = 0; j < observed; j++) {
        ageWeights[j] *= multipliers[j];
      }
    }
    if (observed > MAX_KERNELS) {
      double[][] kept = new double[MAX_KERNELS][];
      ageWeights = thin(obs, ageWeights, kept);
      obs = kept;
    }
    for (int j = Math.max(0, obs.length - tail); j < obs.length; j++) {
      ageWeights[j] *= tailWeight;
    }
    int n = obs.length;
    int d = dims.length;
    double priorWeight = n == 0 ? Math.max(1.0, s.priorWeight()) : s.priorWeight();
    boolean prior = priorWeight > 0;
    int m = n + (prior ? 1 : 0);
    double[] w = Arrays.copyOf(ageWeights, m);
    if (prior) {
      w[n] = priorWeight;
    }
    double[][] mu = new double[d][];
    double[][] sigma = new double[d][];
    double[][] probs = new double[d][];
    double scottFactor = Math.pow(Math.max(observed, 1), -1.0 / (d + 4));
    for (int i = 0; i < d; i++) {
      Dim dim = dims[i];
      if (dim.isCategorical()) {
        probs[i] = categorical(dim.choices, obs, i, n, observed, prior, s);
        continue;
      }
      double[] mus = new double[m];
      for (int j = 0; j < n; j++) {
        mus[j] = obs[j][i];
      }
      double range = dim.range();
      double[] sig = new double[m];
      if (prior) {
        mus[n] = 0.5 * (dim.low + dim.high);
      }
      if (s.bandwidth() == TpeSampler.Bandwidth.SCOTT) {
        Arrays.fill(sig, 1.059 * scottFactor * spread(mus, n, range));
      } else if (s.bandwidth() == TpeSampler.Bandwidth.SCOTT_PER_STEP) {
        Arrays.fill(sig, 1.059 * scottFactor * spread(mus, n, range) / Math.sqrt(d));
      } else if (d == 1 || s.bandwidth() == TpeSampler.Bandwidth.NEIGHBOUR) {
        neighbourGaps(mus, dim.low, dim.high, sig);
      } else {
        Arrays.fill(sig, SIGMA0 * scottFactor * range);
      }
      double min = s.magicClip() ? range / Math.min(100.0, 1.0 + m) : MIN_SIGMA_FRACTION * range;
      for (int j = 0; j < m; j++) {
        sig[j] = Math.max(min * bandwidthFactor, Math.min(range, sig[j] * bandwidthFactor));
      }
      if (prior) {
        sig[n] = range;
      }
      mu[i] = mus;
      sigma[i] = sig;
    }
    return new Mixture(dims, w, mu, sigma, probs, s.scale() == TpeSampler.KernelScale.PEAK);
  }

  /**
   * Keeps {@link #MAX_KERNELS} of {@code obs} (chronological) in {@code kept}: the newest half as
   * they are, and one observation (the middle one) for each of as many consecutive strata of the
   * older ones, weighing the sum of its stratum's weights. The total weight, and so the prior's
   * share, is unchanged; the kernels are thinned where Optuna's age weights are already small.
   *
   * @return the weights of the kept observations
   */
  private static double[] thin(double[][] obs, double[] w, double[][] kept) {
    int n = obs.length;
    int newest = MAX_KERNELS / 2;
    int strata = MAX_KERNELS - newest;
    int older = n - newest;
    double[] out = new double[MAX_KERNELS];
    for (int k = 0; k < strata; k++) {
      int from = (int) ((long) k * older / strata);
      int to = (int) ((long) (k + 1) * older / strata);
      double sum = 0;
      for (int j = from; j < to; j++) {
        sum += w[j];
      }
      kept[k] = obs[(from + to - 1) / 2];
      out[k] = sum;
    }
    for (int k = 0; k < newest; k++) {
      kept[strata + k] = obs[older + k];
      out[strata + k] = w[older + k];
    }
    return out;
  }

  /** The sample standard deviation of the first {@code n} values, or the range if it is 0. */
  private static double spread(double[] values, int n, double range) {
    if (n < 2) {
      return range;
    }
    double mean = 0;
    for (int j = 0; j < n; j++) {
      mean += values[j];
    }
    mean /= n;
    double var = 0;
    for (int j = 0; j < n; j++) {
      double e = values[j] - mean;
      var += e * e;
    }
    double std = Math.sqrt(var / (n - 1));
    return std > 0 ? std : range;
  }

  /**
   * Optuna's univariate rule: the larger gap to a neighbour among sorted centres and bounds
   * (primitive sort; a repeated centre takes the gaps of its first sorted copy).
   */
  private static void neighbourGaps(double[] mus, double low, double high, double[] out) {
    int m = mus.length;
    double[] sorted = new double[m + 2];
    System.arraycopy(mus, 0, sorted, 1, m);
    sorted[0] = low;
    sorted[m + 1] = high;
    Arrays.sort(sorted, 1, m + 1);
    double[] gaps = new double[m];
    for (int j = 0; j < m; j++) {
      gaps[j] = Math.max(sorted[j + 1] - sorted[j], sorted[j + 2] - sorted[j + 1]);
    }
    if (m + 2 >= 4) { // consider_endpoints = False
      gaps[0] = sorted[2] - sorted[1];
      gaps[m - 1] = sorted[m] - sorted[m - 1];
    }
    for (int j = 0; j < m; j++) {
      int pos = Arrays.binarySearch(sorted, 1, m + 1, mus[j]);
      while (pos > 1 && sorted[pos - 1] == mus[j]) {
        pos--;
      }
      out[j] = gaps[pos - 1];
    }
  }

  /** Kernel-major probabilities {@code [j * k + c]}; the prior kernel is uniform. */
  private static double[] categorical(int k, double[][] obs, int i, int n, int observed,
      boolean prior, Settings s) {
    int m = n + (prior ? 1 : 0);
    double smoothing = s.categoricalSmoothing() >= 0 ? s.categoricalSmoothing()
        : k * Math.max(s.priorWeight(), 0) / (observed + 1.0);
    double[] p = new double[m * k];
    double base = smoothing / k / (1 + smoothing);
    for (int j = 0; j < n; j++) {
      Arrays.fill(p, j * k, j * k + k, base);
      p[j * k + (int) obs[j][i]] += 1 / (1 + smoothing);
    }
    if (prior) {
      Arrays.fill(p, n * k, n * k + k, 1.0 / k);
    }
    if (smoothing == 0) {
      // keep every log probability finite
      for (int x = 0; x < p.length; x++) {
        p[x] = Math.max(p[x], 1e-12);
      }
    }
    return p;
  }
}
