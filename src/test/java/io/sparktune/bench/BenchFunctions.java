package io.sparktune.bench;

import io.sparktune.study.Objective;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark objectives of the TPE harness, all minimized; {@code
 * src/test/python/optuna_reference.py} defines the same functions with the same parameter names,
 * ranges and suggestion order.
 */
final class BenchFunctions {
  private static final double[][] HART_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
      {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
  private static final double[][] HART_P = {{1312, 1696, 5569, 124, 8283, 5886},
      {2329, 4135, 8307, 3736, 1004, 9991}, {2348, 1451, 3522, 2883, 3047, 6650},
      {4047, 8828, 8732, 5743, 1091, 381}};
  private static final double[] HART_ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final List<String> OPTIMIZERS = List.of("adam", "sgd", "rmsprop", "adagrad");
  private static final double[] OPT_OFFSET = {0.0, 0.6, 0.3, 1.0};

  /** The minimum of each function of {@link #all}. */
  static final Map<String, Double> OPTIMA = Map.of("branin", 0.397887, "hartmann6", -3.32237,
      "rosenbrock10", 0.0, "ackley10", 0.0, "styblinski_tang10", -39.16616570377142 * 10,
      "mixed", 0.0);

  private BenchFunctions() {}

  /** The functions by name, in report order. */
  static Map<String, Objective> all() {
    Map<String, Objective> m = new LinkedHashMap<>();
    m.put("branin", BenchFunctions::branin);
    m.put("hartmann6", BenchFunctions::hartmann6);
    m.put("rosenbrock10", BenchFunctions::rosenbrock);
    m.put("ackley10", BenchFunctions::ackley);
    m.put("styblinski_tang10", BenchFunctions::styblinskiTang);
    m.put("mixed", BenchFunctions::mixed);
    return m;
  }

  static double branin(io.sparktune.trial.Trial t) {
    double x1 = t.suggestFloat("x0", -5, 10);
    double x2 = t.suggestFloat("x1", 0, 15);
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double tt = 1 / (8 * Math.PI);
    double q = x2 - b * x1 * x1 + c * x1 - 6;
    return q * q + 10 * (1 - tt) * Math.cos(x1) + 10;
  }

  static double hartmann6(io.sparktune.trial.Trial t) {
    double[] x = floats(t, 6, 0, 1);
    double total = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        double e = x[j] - HART_P[i][j] * 1e-4;
        inner += HART_A[i][j] * e * e;
      }
      total += HART_ALPHA[i] * Math.exp(-inner);
    }
    return -total;
  }

  static double rosenbrock(io.sparktune.trial.Trial t) {
    double[] x = floats(t, 10, -5, 10);
    double s = 0;
    for (int i = 0; i < 9; i++) {
      double a = x[i + 1] - x[i] * x[i];
      s += 100 * a * a + (1 - x[i]) * (1 - x[i]);
    }
    return s;
  }

  static double ackley(io.sparktune.trial.Trial t) {
    double[] x = floats(t, 10, -32.768, 32.768);
    double s1 = 0;
    double s2 = 0;
    for (double v : x) {
      s1 += v * v;
      s2 += Math.cos(2 * Math.PI * v);
    }
    return -20 * Math.exp(-0.2 * Math.sqrt(s1 / x.length)) - Math.exp(s2 / x.length) + 20 + Math.E;
  }

  static double styblinskiTang(io.sparktune.trial.Trial t) {
    double[] x = floats(t, 10, -5, 5);
    double s = 0;
    for (double v : x) {
      s += v * v * v * v - 16 * v * v + 5 * v;
    }
    return 0.5 * s;
  }

  /** Floats, a log float, a stepped float, ints, a log int and two categoricals. */
  static double mixed(io.sparktune.trial.Trial t) {
    double x = t.suggestFloat("x", -5, 5);
    double lr = t.suggestLogFloat("lr", 1e-5, 1.0);
    double frac = t.suggestFloat("frac", 0.0, 1.0, 0.05);
    int depth = t.suggestInt("depth", 1, 20);
    int width = t.suggestLogInt("width", 1, 1024);
    String opt = t.suggestCategorical("optimizer", OPTIMIZERS);
    boolean bn = t.suggestCategorical("batchnorm", List.of(true, false));
    double dl = Math.log10(lr) + 2.7;
    double dd = (depth - 7) / 4.0;
    double dw = Math.log(width) / Math.log(2) - 6.5;
    return (x - 1.3) * (x - 1.3) / 4 + dl * dl / 2 + (frac - 0.35) * (frac - 0.35) * 4 + dd * dd
        + dw * dw / 4 + OPT_OFFSET[OPTIMIZERS.indexOf(opt)] + (bn ? 0.0 : 0.4);
  }

  private static double[] floats(io.sparktune.trial.Trial t, int n, double low, double high) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = t.suggestFloat("x" + i, low, high);
    }
    return x;
  }
}
