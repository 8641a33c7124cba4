package io.sparktune.sampler.tpe;

import java.util.Arrays;

/**
 * Batch recombination: what a proposal made while trials run draws its candidates from, a
 * (μ/μ_w, λ) evolution-strategy step. The best "below" observation's basin is found (see {@link
 * #basin}); the better half of it, by rank, is averaged with CMA-ES's weights {@code ln(μ + 1/2) −
 * ln k} for rank {@code k = 1..μ} (categoricals take the best one's choice), and the candidates
 * are drawn around that centroid with {@code l(x)}'s bandwidths and prior. Restricting the average
 * to one basin keeps a centroid from landing between separate minima (Branin has three); the rank
 * weights pull it toward the best points. In 6-10 dimensions the basin is practically always the
 * whole "below" set; with 10-25 points in 2 dimensions it is often just a neighbourhood of the
 * best point. Both measured better for batches of 8 than the plain
 * centroid of the better half of all "below" points (docs/benchmarks-tpe.md, fifth round).
 */
final class Recombination {
  /** "Below" points within this many median nearest-neighbour distances are in one basin. */
  static final double BASIN_LINK = 3.0;

  private Recombination() {}

  /**
   * The mixture a batch member draws from: {@code l(x)}'s kernels with weight 0 (they set the
   * bandwidths), one kernel at the recombined point weighing all of {@code l}'s observation
   * weight, and the prior kernel.
   */
  static Mixture around(Dim[] dims, Observations.Split split, ParzenEstimator.Settings settings,
      double lFactor) {
    double[][] below = split.below();
    int[] members = basin(dims, below, split.belowByRank());
    int mu = (members.length + 1) / 2;
    double[] weights = new double[mu];
    double sum = 0;
    for (int k = 0; k < mu; k++) {
      weights[k] = Math.log(mu + 0.5) - Math.log(k + 1);
      sum += weights[k];
    }
    double[] centroid = new double[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i].isCategorical()) {
        centroid[i] = below[members[0]][i];
        continue;
      }
      for (int k = 0; k < mu; k++) {
        centroid[i] += below[members[k]][i] * weights[k] / sum;
      }
    }
    double[][] obs = Arrays.copyOf(below, below.length + 1);
    obs[below.length] = centroid;
    double[] multipliers = new double[obs.length];
    multipliers[below.length] = below.length;
    return ParzenEstimator.build(dims, obs, settings, 0, 1.0, lFactor, multipliers);
  }

  /**
   * The best observation's basin, best rank first: the connected component of {@code byRank[0]}
   * when observations closer than {@link #BASIN_LINK} times the median nearest-neighbour distance
   * are linked, with numerical coordinates scaled by their standard deviation over {@code below}
   * (categoricals do not count). A single cloud of points is one basin.
   *
   * @param below the "below" observations in model space
   * @param byRank the indices of {@code below}, best first
   */
  static int[] basin(Dim[] dims, double[][] below, int[] byRank) {
    int n = below.length;
    if (n < 3) {
      return byRank;
    }
    double[] scale = new double[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i].isCategorical()) {
        continue;
      }
      double mean = 0;
      for (double[] x : below) {
        mean += x[i] / n;
      }
      double var = 0;
      for (double[] x : below) {
        var += (x[i] - mean) * (x[i] - mean) / (n - 1);
      }
      scale[i] = var > 0 ? 1 / Math.sqrt(var) : 0;
    }
    double[][] dist = new double[n][n];
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double s = 0;
        for (int i = 0; i < dims.length; i++) {
          double z = (below[a][i] - below[b][i]) * scale[i];
          s += z * z;
        }
        dist[a][b] = Math.sqrt(s);
        dist[b][a] = dist[a][b];
        nearest[a] = Math.min(nearest[a], dist[a][b]);
        nearest[b] = Math.min(nearest[b], dist[a][b]);
      }
    }
    double[] sorted = nearest.clone();
    Arrays.sort(sorted);
    double link = BASIN_LINK * sorted[(n - 1) / 2];
    boolean[] in = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    stack[top++] = byRank[0];
    in[byRank[0]] = true;
    int count = 1;
    while (top > 0) {
      int a = stack[--top];
      for (int b = 0; b < n; b++) {
        if (!in[b] && dist[a][b] <= link) {
          in[b] = true;
          stack[top++] = b;
          count++;
        }
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int j : byRank) {
      if (in[j]) {
        out[k++] = j;
      }
    }
    return out;
  }
}
