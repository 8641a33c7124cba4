package io.sparktune.sampler.tpe;

import java.util.random.RandomGenerator;

/**
 * A weighted mixture of product kernels over model space (Optuna's {@code
 * _MixtureOfProductDistribution}): per numerical dimension a normal kernel truncated to the
 * dimension's bounds (integrated over the value's bin for discrete dimensions), per categorical
 * dimension a probability vector over the choices. Immutable once built.
 */
final class Mixture {
  /** Terms this far below the largest one add less than e^-40 to a log-sum-exp: skipped. */
  private static final double NEGLIGIBLE = 40;

  private final Dim[] dims;
  private final int m;
  private final double[] logWeights;
  private final double[] cumWeights;
  private final double[][] mu;
  private final double[][] sigma;
  private final double[][] invSigma;
  /** log of the truncation mass Φ(b) − Φ(a) per numerical kernel. */
  private final double[][] logZ;
  /** log σ + log √(2π) + logZ per continuous kernel: the density's constant. */
  private final double[][] logNorm;
  /** Per categorical dimension, per choice, the log probability under each kernel. */
  private final double[][][] logProbByChoice;
  /** Per categorical dimension, per kernel, the cumulative probabilities over the choices. */
  private final double[][] cumProb;

  /**
   * A mixture of {@code weights.length} kernels.
   *
   * @param dims the dimensions
   * @param weights non-negative kernel weights, summing to a positive value
   * @param mu per numerical dimension, the kernel centres (null for categoricals)
   * @param sigma per numerical dimension, the kernel bandwidths (null for categoricals)
   * @param probs per categorical dimension, kernel-major probabilities {@code [j * k + c]}
   * @param peak whether {@link #logPdf} scores continuous kernels by their peak-normalized height
   *     {@code φ(z) / Z} instead of their density {@code φ(z) / (σ Z)} (see {@link
   *     TpeSampler.KernelScale#PEAK})
   */
  Mixture(Dim[] dims, double[] weights, double[][] mu, double[][] sigma, double[][] probs,
      boolean peak) {
    this.dims = dims;
    this.m = weights.length;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    logWeights = new double[m];
    cumWeights = new double[m];
    double run = 0;
    for (int j = 0; j < m; j++) {
      logWeights[j] = Math.log(weights[j] / total);
      run += weights[j] / total;
      cumWeights[j] = run;
    }
    cumWeights[m - 1] = 1.0;
    this.mu = mu;
    this.sigma = sigma;
    int d = dims.length;
    invSigma = new double[d][];
    logZ = new double[d][];
    logNorm = new double[d][];
    logProbByChoice = new double[d][][];
    cumProb = new double[d][];
    for (int i = 0; i < d; i++) {
      Dim dim = dims[i];
      if (dim.isCategorical()) {
        int k = dim.choices;
        double[][] byChoice = new double[k][m];
        double[] cum = new double[m * k];
        double lastP = Double.NaN;
        double lastLog = Double.NaN;
        for (int j = 0; j < m; j++) {
          double c = 0;
          for (int x = 0; x < k; x++) {
            double p = probs[i][j * k + x];
            if (p != lastP) { // kernels hold two distinct values: log each once
              lastP = p;
              lastLog = Math.log(p);
            }
            byChoice[x][j] = lastLog;
            c += p;
            cum[j * k + x] = c;
          }
          cum[j * k + k - 1] = Double.POSITIVE_INFINITY;
        }
        logProbByChoice[i] = byChoice;
        cumProb[i] = cum;
        continue;
      }
      invSigma[i] = new double[m];
      logZ[i] = new double[m];
      logNorm[i] = new double[m];
      double lastS = Double.NaN;
      double logS = Double.NaN;
      for (int j = 0; j < m; j++) {
        double s = sigma[i][j];
        if (s != lastS) { // shared bandwidths: one log
          lastS = s;
          logS = Math.log(s);
        }
        invSigma[i][j] = 1.0 / s;
        logZ[i][j] = TruncatedNormal.logNormalizer(dim.low, dim.high, mu[i][j], s);
        logNorm[i][j] = (peak ? 0 : logS) + TruncatedNormal.LOG_SQRT_2PI + logZ[i][j];
      }
    }
  }

  int size() {
    return m;
  }

  /** {@code n} draws in model space, discrete values snapped onto their grid. */
  double[][] sample(RandomGenerator rng, int n) {
    double[][] out = new double[n][dims.length];
    for (int s = 0; s < n; s++) {
      int j = pick(cumWeights, 0, m, rng.nextDouble());
      for (int i = 0; i < dims.length; i++) {
        Dim dim = dims[i];
        if (dim.isCategorical()) {
          int k = dim.choices;
          out[s][i] = pick(cumProb[i], j * k, j * k + k, rng.nextDouble()) - j * k;
        } else {
          double x = TruncatedNormal.sample(mu[i][j], sigma[i][j], dim.low, dim.high, rng);
          out[s][i] = dim.snap(x);
        }
      }
    }
    return out;
  }

  /** The first index in {@code [from, to)} whose cumulative value exceeds {@code u}. */
  private static int pick(double[] cum, int from, int to, double u) {
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The log density (log mass for discrete dimensions) of each model-space point. */
  double[] logPdf(double[][] xs) {
    double[] out = new double[xs.length];
    double[] acc = new double[m];
    for (int c = 0; c < xs.length; c++) {
      System.arraycopy(logWeights, 0, acc, 0, m);
      for (int i = 0; i < dims.length; i++) {
        Dim dim = dims[i];
        double x = xs[c][i];
        if (dim.isCategorical()) {
          double[] col = logProbByChoice[i][(int) x];
          for (int j = 0; j < m; j++) {
            acc[j] += col[j];
          }
        } else if (dim.isDiscrete()) {
          double lo = dim.binLow(x);
          double hi = dim.binHigh(x);
          double[] mus = mu[i];
          double[] sig = sigma[i];
          double[] lz = logZ[i];
          for (int j = 0; j < m; j++) {
            acc[j] += TruncatedNormal.logBinMass(lo, hi, mus[j], sig[j], lz[j]);
          }
        } else {
          double[] mus = mu[i];
          double[] inv = invSigma[i];
          double[] ln = logNorm[i];
          for (int j = 0; j < m; j++) {
            double z = (x - mus[j]) * inv[j];
            acc[j] -= 0.5 * z * z + ln[j];
          }
        }
      }
      out[c] = logSumExp(acc);
    }
    return out;
  }

  private static double logSumExp(double[] a) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double cut = max - NEGLIGIBLE;
    double sum = 0;
    for (double v : a) {
      if (v > cut) {
        sum += Math.exp(v - max);
      }
    }
    return max + Math.log(sum);
  }
}
