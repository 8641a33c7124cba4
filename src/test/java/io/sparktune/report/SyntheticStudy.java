package io.sparktune.report;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Studies with known structure, built as frozen trials (no sampler, no clock). */
final class SyntheticStudy {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private SyntheticStudy() {}

  /**
   * A digits-like forest study (maximize CV accuracy): {@code n_estimators} (int, log) drives the
   * accuracy, {@code max_depth} (int, log) matters a little, {@code max_features} (categorical) and
   * {@code min_gain} (float) are noise. Five folds report a running mean; trials whose mean of two folds
   * is poor are PRUNED and carry {@code completed_rung_0}; every 17th trial fails; the last one
   * is still RUNNING. Trials run on executors 1..4 (two hosts) scheduled greedily, except every
   * 10th, which ran on the driver.
   */
  static List<FrozenTrial> digitsLike(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Distribution> dists = new LinkedHashMap<>();
    dists.put("n_estimators", IntDistribution.logUniform(1, 200));
    dists.put("max_depth", IntDistribution.logUniform(1, 100));
    dists.put("max_features", CategoricalDistribution.of("sqrt", "log2", "all"));
    dists.put("min_gain", FloatDistribution.uniform(0, 0.1));
    long[] free = new long[5]; // driver, executors 1..4: when each is free (ms after T0)
    List<FrozenTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long trees = Math.round(Math.exp(rnd.nextDouble() * Math.log(200)));
      long depth = Math.round(Math.exp(rnd.nextDouble() * Math.log(100)));
      String feat = List.of("sqrt", "log2", "all").get(rnd.nextInt(3));
      double gain = rnd.nextDouble() * 0.1;
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("n_estimators", trees);
      params.put("max_depth", depth);
      params.put("max_features", feat);
      params.put("min_gain", gain);
      double acc = 0.55 + 0.4 * Math.log(trees) / Math.log(200)
          - 0.03 * Math.abs(Math.log10(depth) - 1.2) + 0.01 * rnd.nextGaussian();
      TreeMap<Integer, Double> iv = new TreeMap<>();
      double sum = 0;
      TrialState state = TrialState.COMPLETE;
      Map<String, Object> sys = new LinkedHashMap<>();
      for (int f = 0; f < 5; f++) {
        sum += acc + 0.02 * rnd.nextGaussian();
        iv.put(f, sum / (f + 1));
        if (f == 1 && i > 8 && iv.get(1) < 0.75) {
          sys.put("completed_rung_0", iv.get(1));
          state = TrialState.PRUNED;
          break;
        }
      }
      if (i % 17 == 16) {
        state = TrialState.FAIL;
        iv.clear();
        sys.clear();
      }
      Double value = state == TrialState.FAIL ? null : iv.get(iv.lastKey());
      boolean running = i == n - 1;
      int lane = i % 10 == 9 && !running ? 0 : 1 + earliest(free);
      long start = free[lane] + 50;
      long end = start + 200 + (long) (trees * 30 * iv.size() / 5.0) + rnd.nextInt(300);
      free[lane] = end;
      if (lane > 0) {
        sys.put("executor", Integer.toString(lane));
        sys.put("host", lane <= 2 ? "worker-a" : "worker-b");
      }
      if (running) {
        state = TrialState.RUNNING;
        value = null;
      }
      out.add(new FrozenTrial(i, i, state, value, params, dists, iv, Map.of(), sys,
          T0.plusMillis(start), running ? null : T0.plusMillis(end)));
    }
    return out;
  }

  private static int earliest(long[] free) {
    int best = 1;
    for (int k = 2; k < free.length; k++) {
      if (free[k] < free[best]) {
        best = k;
      }
    }
    return best - 1;
  }

  /**
   * A minimize study of {@code n} COMPLETE random trials where {@code x} alone drives the value
   * ({@code (x − 0.3)²}) and {@code noise_float}, {@code noise_int} (log) and {@code noise_cat}
   * do not; each value gets {@code noise} Gaussian noise.
   */
  static List<FrozenTrial> oneDriver(int n, long seed, double noise) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Distribution> dists = new LinkedHashMap<>();
    dists.put("x", FloatDistribution.uniform(0, 1));
    dists.put("noise_float", FloatDistribution.uniform(-5, 5));
    dists.put("noise_int", IntDistribution.logUniform(1, 1000));
    dists.put("noise_cat", CategoricalDistribution.of("a", "b", "c", "d"));
    List<FrozenTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = rnd.nextDouble();
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("x", x);
      params.put("noise_float", -5 + 10 * rnd.nextDouble());
      params.put("noise_int", Math.round(Math.exp(rnd.nextDouble() * Math.log(1000))));
      params.put("noise_cat", List.of("a", "b", "c", "d").get(rnd.nextInt(4)));
      double v = (x - 0.3) * (x - 0.3) + noise * rnd.nextGaussian();
      out.add(new FrozenTrial(i, i, TrialState.COMPLETE, v, params, dists, new TreeMap<>(),
          Map.of(), Map.of(), T0.plusSeconds(i), T0.plusSeconds(i + 1)));
    }
    return out;
  }
}
