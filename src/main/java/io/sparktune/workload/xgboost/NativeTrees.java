package io.sparktune.workload.xgboost;

import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The one place that touches XGBoost4J's native library (ADR 0014): loading it with an error that
 * names the engine and what is missing, dense matrices, and seeded, deterministic parameters.
 * XGBoost4J extracts {@code libxgboost4j.so} from its jar on first use; the library links the
 * system OpenMP runtime ({@code libgomp.so.1}, Debian package {@code libgomp1}).
 */
public final class NativeTrees {
  private static volatile String loadProblem;
  private static volatile boolean loaded;

  private NativeTrees() {}

  /** The error of a native library that cannot load. */
  public static final class NativeLibraryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NativeLibraryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Loads the native library once per JVM (a tiny fit), or throws a {@link NativeLibraryException}
   * saying which {@code engine} needs it and what is missing.
   *
   * @param engine how messages name the user ({@code workload.engine native}, {@code
   *     workload.type xgboost})
   */
  public static void requireLoaded(String engine) {
    if (loaded) {
      return;
    }
    synchronized (NativeTrees.class) {
      if (loadProblem == null && !loaded) {
        try {
          DMatrix m = new DMatrix(new float[] {0f, 1f}, 2, 1, Float.NaN);
          m.setLabel(new float[] {0f, 1f});
          Booster b = XGBoost.train(m, Map.of("nthread", 1, "verbosity", 0), 1, Map.of(), null,
              null);
          b.dispose();
          m.dispose();
          loaded = true;
        } catch (LinkageError | XGBoostError | RuntimeException e) {
          loadProblem = rootMessage(e);
        }
      }
    }
    if (!loaded) {
      throw new NativeLibraryException(engine + " needs XGBoost4J's native library"
          + " (libxgboost4j.so, inside the xgboost4j jar) and the OpenMP runtime it links"
          + " (libgomp.so.1; Debian/Ubuntu: apt-get install libgomp1), but it failed to load on"
          + " this machine: " + loadProblem, null);
    }
  }

  private static String rootMessage(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !s.toString().contains(t.getMessage())) {
        s.append(s.length() == 0 ? "" : ": ").append(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    // the messages, not the Java class names that toString() put in front of them
    return s.length() == 0 ? "no message"
        : s.toString().replaceAll("(?<![\\w.])([a-z_]\\w*\\.)+[A-Z]\\w*(Exception|Error): ", "");
  }

  /**
   * A dense matrix of {@code rows} x {@code cols} row-major values (NaN is missing) with labels.
   * The caller disposes it.
   */
  public static DMatrix matrix(float[] values, int rows, int cols, float[] labels)
      throws XGBoostError {
    DMatrix m = new DMatrix(values, rows, cols, Float.NaN);
    m.setLabel(labels);
    return m;
  }

  /** Rows {@code x} as one row-major float array. */
  public static float[] flatten(double[][] x) {
    int cols = x.length == 0 ? 0 : x[0].length;
    float[] out = new float[x.length * cols];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = (float) x[i][j];
      }
    }
    return out;
  }

  /**
   * The settings every sparktune fit adds: the histogram method, {@code threads} OpenMP threads,
   * the seed, and {@code seed_per_iteration} (the row and column samples of round i depend on the
   * seed and i only, so a booster resumed from a checkpoint trains the same trees as one that
   * never paused).
   */
  public static void fixed(Map<String, Object> params, int threads, long seed) {
    params.put("tree_method", "hist");
    params.put("nthread", threads);
    params.put("seed", seed);
    params.put("seed_per_iteration", true);
    params.put("verbosity", 0);
  }

  /** The OpenMP threads of a fit: the Spark task's CPUs ({@code cpusPerTrial}) in a task, else 1. */
  public static int threads() {
    org.apache.spark.TaskContext t = org.apache.spark.TaskContext.get();
    return t == null ? 1 : Math.max(1, t.cpus());
  }
}
