package io.sparktune.workload;

import io.sparktune.workload.xgboost.NativeTrees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The {@code native} engine: XGBoost4J's histogram trees (ADR 0014), trained in-process with the
 * trial's CPUs ({@code execution.cpusPerTrial} in a Spark task, one thread on driver threads).
 * The grid's two parameters map to:
 *
 * <ul>
 *   <li>{@link Mode#BOOSTED} (the default): {@code n_estimators} boosting rounds of trees of depth
 *       {@code max_depth}, learning rate 0.3, rows subsampled 0.8 and features 0.5 per node;
 *   <li>{@link Mode#FOREST}: one round of {@code n_estimators} parallel trees of depth {@code
 *       max_depth} (XGBoost's random-forest mode: learning rate 1, 63.2% of the rows without
 *       replacement per tree, sqrt(features) per node).
 * </ul>
 *
 * <p>Both use 32 histogram bins (lossless for the digits' 17 pixel values), {@code
 * min_child_weight} 0.01 (softmax hessians are small: the default 1 stops the trees early) and
 * softmax probabilities; prediction is the most probable class. Serializable: its state is the
 * task; the native matrices are built per fit.
 */
public final class NativeForestEngine implements ForestEngine {
  private static final long serialVersionUID = 1L;

  /** How {@code n_estimators} is spent. */
  public enum Mode {
    /** n_estimators boosting rounds. */
    BOOSTED,
    /** one round of n_estimators parallel trees. */
    FOREST;

    /** The config names of the modes. */
    public static final List<String> NAMES = List.of("boosted", "forest");

    /** The config name. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final ForestTask task;
  private final Mode mode;

  /**
   * @param task the data and folds
   * @param mode boosted rounds or a random forest
   * @throws NativeTrees.NativeLibraryException if XGBoost's native library cannot load here
   */
  public NativeForestEngine(ForestTask task, Mode mode) {
    NativeTrees.requireLoaded("workload.engine native");
    this.task = task;
    this.mode = mode;
  }

  @Override
  public String name() {
    return "native";
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  @Override
  public double foldAccuracy(ForestParams params, int k) {
    return fitAndScore(params, task.train().subset(Splits.foldIndices(task.folds(), k, false)),
        task.train().subset(Splits.foldIndices(task.folds(), k, true)));
  }

  @Override
  public double testAccuracy(ForestParams params) {
    return fitAndScore(params, task.train(), task.test());
  }

  /** The XGBoost parameters of {@code params} in this engine's mode (without data settings). */
  Map<String, Object> xgboostParams(ForestParams params, int features) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "multi:softprob");
    p.put("num_class", task.train().numClasses());
    p.put("max_depth", params.maxDepth());
    p.put("max_bin", 32);
    if (mode == Mode.FOREST) {
      p.put("min_child_weight", 0.01);
      p.put("num_parallel_tree", params.numTrees());
      p.put("eta", 1.0);
      p.put("subsample", 0.632);
      p.put("colsample_bynode", Math.sqrt(features) / features);
    } else {
      p.put("min_child_weight", 1.0);
      p.put("eta", 0.3);
      p.put("subsample", 0.8);
      p.put("colsample_bytree", 0.3);
    }
    NativeTrees.fixed(p, NativeTrees.threads(), params.seed());
    return p;
  }

  private double fitAndScore(ForestParams params, LabeledData train, LabeledData valid) {
    float[] y = new float[train.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = train.labels()[i];
    }
    int rounds = mode == Mode.FOREST ? 1 : params.numTrees();
    DMatrix dtrain = null;
    Booster booster = null;
    try {
      dtrain = NativeTrees.matrix(NativeTrees.flatten(train.features()), train.size(),
          train.width(), y);
      booster = XGBoost.train(dtrain, xgboostParams(params, train.width()), rounds, Map.of(),
          null, null);
      float[][] prob = booster.inplace_predict(NativeTrees.flatten(valid.features()),
          valid.size(), valid.width(), Float.NaN);
      int correct = 0;
      for (int i = 0; i < prob.length; i++) {
        correct += argmax(prob[i]) == valid.labels()[i] ? 1 : 0;
      }
      return (double) correct / valid.size();
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to train " + params + ": "
          + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (dtrain != null) {
        dtrain.dispose();
      }
    }
  }

  static int argmax(float[] xs) {
    int best = 0;
    for (int i = 1; i < xs.length; i++) {
      best = xs[i] > xs[best] ? i : best;
    }
    return best;
  }
}
