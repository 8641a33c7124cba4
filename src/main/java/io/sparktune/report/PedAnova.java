package io.sparktune.report;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PED-ANOVA parameter importance (Watanabe et al. 2023, "PED-ANOVA: Efficiently Quantifying
 * Hyperparameter Importance in Arbitrary Subspaces"; Optuna's {@code PedAnovaImportanceEvaluator},
 * see docs/adr/0004-parameter-importance.md).
 *
 * <p>Each parameter's domain is cut into at most {@value #N_STEPS} grid cells (categories are
 * their own cells). Two one-dimensional Parzen estimators are fitted on the cell counts, one on
 * the top-{@code quantile} trials and one on all trials, each a mixture of discretised Gaussians
 * with Scott's-rule bandwidth plus a wide prior kernel. The importance of a parameter is the
 * Pearson divergence {@code Σ p_all(i) · (p_top(i) / p_all(i) − 1)²} between them, normalised so
 * the importances sum to 1: a parameter whose good values are spread like all values scores 0.
 */
final class PedAnova {
  static final int N_STEPS = 50;
  static final double PRIOR_WEIGHT = 1.0;
  static final int MIN_TOP = 2;
  private static final double EPS = 1e-12;

  private final double quantile;

  PedAnova(double quantile) {
    require(quantile > 0 && quantile <= 1,
        "quantile must be in (0, 1], but got %s", quantile);
    this.quantile = quantile;
  }

  /**
   * The importance of each parameter in {@code params} over {@code trials} (COMPLETE, finite,
   * each holding every parameter), largest first; they sum to 1 unless {@code params} is empty.
   * A parameter with a single possible value scores 0.
   */
  Map<String, Double> evaluate(List<FrozenTrial> trials, List<String> params, Direction dir) {
    List<String> varying = new ArrayList<>();
    Map<String, Double> raw = new LinkedHashMap<>();
    for (String p : params) {
      if (trials.isEmpty() || distribution(trials, p).isSingle()) {
        raw.put(p, 0.0);
      } else {
        varying.add(p);
      }
    }
    if (varying.isEmpty()) {
      return sorted(raw);
    }
    if (trials.size() <= MIN_TOP) {
      varying.forEach(p -> raw.put(p, 1.0 / varying.size()));
      return sorted(raw);
    }
    List<FrozenTrial> top = top(trials, dir);
    double sum = 0;
    for (String p : varying) {
      double d = divergence(p, distribution(trials, p), top, trials);
      raw.put(p, d);
      sum += d;
    }
    for (String p : varying) {
      raw.put(p, sum > 0 ? raw.get(p) / sum : 1.0 / varying.size());
    }
    return sorted(raw);
  }

  /** The trials whose loss is at most the {@code quantile} quantile, and at least two. */
  List<FrozenTrial> top(List<FrozenTrial> trials, Direction dir) {
    double[] loss = trials.stream().mapToDouble(t -> dir.toLoss(t.value())).sorted().toArray();
    int q = Math.max(0, (int) Math.ceil(quantile * loss.length) - 1);
    double cutoff = Math.max(loss[MIN_TOP - 1], loss[q]);
    return trials.stream().filter(t -> dir.toLoss(t.value()) <= cutoff).toList();
  }

  private static Distribution distribution(List<FrozenTrial> trials, String p) {
    return trials.get(trials.size() - 1).distributions().get(p);
  }

  private static double divergence(String p, Distribution d, List<FrozenTrial> top,
      List<FrozenTrial> all) {
    double[] pTop = pmf(counts(p, d, top), d);
    double[] pAll = pmf(counts(p, d, all), d);
    double div = 0;
    for (int i = 0; i < pTop.length; i++) {
      double a = pAll[i] + EPS;
      double r = (pTop[i] + EPS) / a - 1;
      div += a * r * r;
    }
    return div;
  }

  /** How many trials fall in each grid cell (or category). */
  static double[] counts(String p, Distribution d, List<FrozenTrial> trials) {
    if (d instanceof CategoricalDistribution c) {
      double[] counts = new double[c.choices().size()];
      trials.forEach(t -> counts[(int) c.toInternal(t.params().get(p))]++);
      return counts;
    }
    boolean log;
    double low;
    double high;
    int n = N_STEPS;
    if (d instanceof FloatDistribution f) {
      log = f.log();
      low = f.low();
      high = f.high();
      if (f.step() != null) {
        n = (int) Math.min(Math.round((high - low) / f.step()) + 1, n);
      }
    } else {
      IntDistribution i = (IntDistribution) d;
      log = i.log();
      low = i.low();
      high = i.high();
      n = log ? (int) Math.min(Math.ceil(Math.log(high - low + 1) / Math.log(2)) + 1, n)
          : (int) Math.min(Math.round((high - low) / (double) i.step()) + 1, n);
    }
    double lo = log ? Math.log(low) : low;
    double hi = log ? Math.log(high) : high;
    double width = (hi - lo) / (n - 1);
    double[] counts = new double[n];
    for (FrozenTrial t : trials) {
      double v = ((Number) t.params().get(p)).doubleValue();
      double x = log ? Math.log(v) : v;
      // the first cell whose grid point is >= x - width / 2 (numpy searchsorted, side left)
      int idx = (int) Math.ceil((x - width / 2 - lo) / width - 1e-9);
      counts[Math.max(0, Math.min(n - 1, idx))]++;
    }
    return counts;
  }

  /** The probability of each cell under the Parzen estimator fitted on {@code counts}. */
  static double[] pmf(double[] counts, Distribution d) {
    int n = counts.length;
    double total = Arrays.stream(counts).sum();
    double[] p = new double[n];
    if (d instanceof CategoricalDistribution) {
      int kernels = (int) Arrays.stream(counts).filter(c -> c > 0).count() + 1;
      double fill = PRIOR_WEIGHT / kernels;
      double rowSum = 1 + fill * n;
      for (int c = 0; c < n; c++) {
        if (counts[c] > 0) { // kernel of category c, weighted by its count
          for (int i = 0; i < n; i++) {
            p[i] += counts[c] * ((i == c ? 1 : 0) + fill) / rowSum;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        p[i] = (p[i] + PRIOR_WEIGHT / n) / (total + PRIOR_WEIGHT);
      }
      return p;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += i * counts[i] / total;
    }
    double var = 0;
    for (int i = 0; i < n; i++) {
      var += (i - mean) * (i - mean) * counts[i];
    }
    double sd = Math.sqrt(var / Math.max(1, total - 1));
    double iqr = quantileIndex(counts, total, (long) (total) * 3 / 4, true)
        - quantileIndex(counts, total, (long) (total) / 4, false);
    double sigma = Math.max(1.059 * Math.min(iqr / 1.34, sd) * Math.pow(total, -0.2), 0.5 / 1.64);
    for (int m = 0; m < n; m++) {
      if (counts[m] > 0) {
        addKernel(p, m, sigma, counts[m]);
      }
    }
    addKernel(p, 0.5 * (n - 1), n, PRIOR_WEIGHT);
    for (int i = 0; i < n; i++) {
      p[i] /= total + PRIOR_WEIGHT;
    }
    return p;
  }

  /** The first occupied cell whose cumulative count reaches {@code k} (> k if {@code right}). */
  private static int quantileIndex(double[] counts, double total, long k, boolean right) {
    double cum = 0;
    int last = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      last = i;
      cum += counts[i];
      if (right ? cum > k : cum >= k) {
        return i;
      }
    }
    return last;
  }

  /**
   * Adds {@code weight} times a Gaussian kernel discretised to cells 0..n-1 (the mass of each
   * cell's unit interval) and truncated to them (normalised over the cells).
   */
  private static void addKernel(double[] p, double mu, double sigma, double weight) {
    int n = p.length;
    double[] mass = new double[n];
    double z = 0;
    for (int i = 0; i < n; i++) {
      mass[i] = Normal.mass((i - 0.5 - mu) / sigma, (i + 0.5 - mu) / sigma);
      z += mass[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] += weight * mass[i] / z;
    }
  }

  private static Map<String, Double> sorted(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
