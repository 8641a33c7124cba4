package io.sparktune.bench;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.ForestTask;
import io.sparktune.workload.LabeledData;
import io.sparktune.workload.Splits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind ADR 0014: XGBoost4J 3.4.0's Java API against LightGBM 3.3.5's JNI build
 * (lightgbmlib) on the digits task of the grid (seed 42, 10% test, 5 stratified folds), one thread
 * per fit, in random-forest and boosted modes with a few settings each: seconds for the 5 fold fits
 * (training and scoring) and the 5-fold CV accuracy. {@code -Dbench.reps=N} repeats the whole
 * table and reports the median seconds.
 *
 * <pre>mvn -B test -Pbench -Dtest=TreeLibraryBench [-Dbench.reps=3]</pre>
 */
@Tag("bench")
final class TreeLibraryBench {
  private static final int CLASSES = 10;

  /** One configuration: a library and its parameters. */
  record Config(String library, String mode, Map<String, Object> params, int rounds) {}

  @Test
  void xgboostVsLightgbm_onDigitsFolds() throws Exception {
    int reps = Integer.getInteger("bench.reps", 1);
    ForestTask task = ForestTask.split(Datasets.digits(), 0.1, 5, 42);
    loadLightgbm();
    List<Config> configs = configs();
    Map<Config, List<Double>> seconds = new LinkedHashMap<>();
    Map<Config, Double> accuracy = new LinkedHashMap<>();
    for (int r = 0; r < reps; r++) {
      for (Config c : configs) {
        long t0 = System.nanoTime();
        double acc = 0;
        for (int k = 0; k < task.k(); k++) {
          LabeledData train = task.train().subset(Splits.foldIndices(task.folds(), k, false));
          LabeledData valid = task.train().subset(Splits.foldIndices(task.folds(), k, true));
          acc += c.library().equals("xgboost") ? xgboost(c, train, valid)
              : lightgbm(c, train, valid);
        }
        seconds.computeIfAbsent(c, x -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
        accuracy.put(c, acc / task.k());
        System.out.printf(Locale.ROOT, "%s %s %s x%d: %.2f s, CV %.4f%n", c.library(), c.mode(),
            c.params(), c.rounds(), seconds.get(c).get(r), acc / task.k());
      }
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "| library | mode | settings |"
        + " s for 5 fold fits (median of %d) | 5-fold CV accuracy |%n| --- | --- | --- | --- |"
        + " --- |%n", reps));
    for (Config c : configs) {
      double[] s = seconds.get(c).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s, %d rounds | %.2f | %.4f |%n",
          c.library(), c.mode(), c.params(), c.rounds(), s[s.length / 2], accuracy.get(c)));
    }
    System.out.println(md);
    Path out = Path.of("target/bench/tree-libraries.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  private static List<Config> configs() {
    List<Config> cs = new ArrayList<>();
    for (String strategy : new String[] {"one_output_per_tree", "multi_output_tree"}) {
      for (double mcw : new double[] {1, 0.01}) {
        cs.add(new Config("xgboost", "rf 200 trees depth 10", Map.of("num_parallel_tree", 200,
            "max_depth", 10, "eta", 1.0, "subsample", 0.632, "colsample_bynode", 0.125,
            "min_child_weight", mcw, "max_bin", 32, "multi_strategy", strategy), 1));
      }
      cs.add(new Config("xgboost", "boosted depth 6", Map.of("max_depth", 6, "eta", 0.3,
          "min_child_weight", 1.0, "max_bin", 256, "multi_strategy", strategy), 50));
      cs.add(new Config("xgboost", "boosted depth 6", Map.of("max_depth", 6, "eta", 0.3,
          "subsample", 0.8, "colsample_bynode", 0.5, "min_child_weight", 0.1, "max_bin", 32,
          "multi_strategy", strategy), 50));
    }
    for (int bins : new int[] {255, 31}) {
      cs.add(new Config("lightgbm", "rf 200 trees depth 10", Map.of("boosting", "rf",
          "bagging_freq", 1, "bagging_fraction", 0.632, "feature_fraction_bynode", 0.125,
          "max_depth", 10, "num_leaves", 1024, "min_data_in_leaf", 1,
          "min_sum_hessian_in_leaf", 1e-3, "max_bin", bins), 200));
    }
    cs.add(new Config("lightgbm", "boosted depth 6", Map.of("max_depth", 6, "num_leaves", 63,
        "learning_rate", 0.3, "min_data_in_leaf", 1, "max_bin", 255), 50));
    String only = System.getProperty("bench.only");
    return only == null ? cs : cs.stream().filter(c -> c.library().equals(only)).toList();
  }

  private static double xgboost(Config c, LabeledData train, LabeledData valid) throws Exception {
    Map<String, Object> p = new LinkedHashMap<>(c.params());
    p.put("objective", "multi:softprob");
    p.put("num_class", CLASSES);
    p.put("tree_method", "hist");
    p.put("nthread", 1);
    p.put("seed", 42);
    p.put("verbosity", 0);
    DMatrix dtrain = matrix(train);
    DMatrix dvalid = matrix(valid);
    try {
      Booster b = XGBoost.train(dtrain, p, c.rounds(), Map.of(), null, null);
      float[][] prob = b.predict(dvalid);
      b.dispose();
      int correct = 0;
      for (int i = 0; i < prob.length; i++) {
        correct += argmax(prob[i]) == valid.labels()[i] ? 1 : 0;
      }
      return (double) correct / prob.length;
    } finally {
      dtrain.dispose();
      dvalid.dispose();
    }
  }

  private static DMatrix matrix(LabeledData d) throws Exception {
    float[] flat = new float[d.size() * d.width()];
    float[] y = new float[d.size()];
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < d.width(); j++) {
        flat[i * d.width() + j] = (float) d.features()[i][j];
      }
      y[i] = d.labels()[i];
    }
    DMatrix m = new DMatrix(flat, d.size(), d.width(), Float.NaN);
    m.setLabel(y);
    return m;
  }

  private static int argmax(float[] xs) {
    int best = 0;
    for (int i = 1; i < xs.length; i++) {
      best = xs[i] > xs[best] ? i : best;
    }
    return best;
  }

  private static double lightgbm(Config c, LabeledData train, LabeledData valid) {
    StringBuilder params = new StringBuilder("objective=multiclass num_class=10 num_threads=1"
        + " seed=42 deterministic=true verbosity=-1");
    c.params().forEach((k, v) -> params.append(' ').append(k).append('=').append(v));
    SWIGTYPE_p_double x = doubles(train);
    SWIGTYPE_p_p_void dsOut = lightgbmlib.voidpp_handle();
    check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(x), 1,
        train.size(), train.width(), 1, params.toString(), null, dsOut));
    SWIGTYPE_p_void ds = lightgbmlib.voidpp_value(dsOut);
    SWIGTYPE_p_float y = lightgbmlib.new_floatArray(train.size());
    for (int i = 0; i < train.size(); i++) {
      lightgbmlib.floatArray_setitem(y, i, train.labels()[i]);
    }
    check(lightgbmlib.LGBM_DatasetSetField(ds, "label", lightgbmlib.float_to_voidp_ptr(y),
        train.size(), 0));
    SWIGTYPE_p_p_void bOut = lightgbmlib.voidpp_handle();
    check(lightgbmlib.LGBM_BoosterCreate(ds, params.toString(), bOut));
    SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(bOut);
    var finished = lightgbmlib.new_intp();
    for (int r = 0; r < c.rounds(); r++) {
      check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished));
    }
    SWIGTYPE_p_double v = doubles(valid);
    SWIGTYPE_p_double out = lightgbmlib.new_doubleArray((long) valid.size() * CLASSES);
    SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
    check(lightgbmlib.LGBM_BoosterPredictForMat(booster, lightgbmlib.double_to_voidp_ptr(v), 1,
        valid.size(), valid.width(), 1, 0, 0, -1, "", len, out));
    int correct = 0;
    for (int i = 0; i < valid.size(); i++) {
      int best = 0;
      for (int k = 1; k < CLASSES; k++) {
        if (lightgbmlib.doubleArray_getitem(out, (long) i * CLASSES + k)
            > lightgbmlib.doubleArray_getitem(out, (long) i * CLASSES + best)) {
          best = k;
        }
      }
      correct += best == valid.labels()[i] ? 1 : 0;
    }
    lightgbmlib.LGBM_BoosterFree(booster);
    lightgbmlib.LGBM_DatasetFree(ds);
    lightgbmlib.delete_doubleArray(x);
    lightgbmlib.delete_doubleArray(v);
    lightgbmlib.delete_doubleArray(out);
    lightgbmlib.delete_floatArray(y);
    return (double) correct / valid.size();
  }

  private static SWIGTYPE_p_double doubles(LabeledData d) {
    SWIGTYPE_p_double a = lightgbmlib.new_doubleArray((long) d.size() * d.width());
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < d.width(); j++) {
        lightgbmlib.doubleArray_setitem(a, (long) i * d.width() + j, d.features()[i][j]);
      }
    }
    return a;
  }

  private static void check(int rc) {
    if (rc != 0) {
      throw new IllegalStateException("LightGBM call failed: " + lightgbmlib.LGBM_GetLastError());
    }
  }

  /** lightgbmlib has no loader: extract its two Linux libraries and load them in order. */
  private static void loadLightgbm() throws IOException {
    Path dir = Files.createTempDirectory("lightgbm");
    for (String lib : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
      Path target = dir.resolve(lib);
      try (InputStream in = lightgbmlib.class.getResourceAsStream(
          "/com/microsoft/ml/lightgbm/linux/x86_64/" + lib)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      System.load(target.toString());
    }
  }
}
