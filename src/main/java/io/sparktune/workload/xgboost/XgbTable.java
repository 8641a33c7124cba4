package io.sparktune.workload.xgboost;

import static io.sparktune.internal.Checks.require;

import io.sparktune.workload.LabeledData;
import io.sparktune.workload.Splits;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * A dense table held in memory for XGBoost: row-major float features (NaN is missing) and a float
 * label per row. Small enough to broadcast once per study; treat the arrays as read-only.
 *
 * @param features {@code rows * cols} values, row by row
 * @param labels one per row (a class index from 0 for classification)
 * @param rows number of rows
 * @param cols number of features
 */
public record XgbTable(float[] features, float[] labels, int rows, int cols)
    implements Serializable {

  public XgbTable {
    require(labels.length == rows, "labels must have one entry per row (%d), but got %d", rows,
        labels.length);
    require(features.length == (long) rows * cols,
        "features must hold rows x cols = %d values, but got %d", (long) rows * cols,
        features.length);
  }

  /** The digits of {@link LabeledData}, as a table. */
  public static XgbTable of(LabeledData d) {
    float[] y = new float[d.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = d.labels()[i];
    }
    return new XgbTable(NativeTrees.flatten(d.features()), y, d.size(), d.width());
  }

  /**
   * The rows of a DataFrame collected to the driver: {@code label} is the label column, every
   * other column a feature: numeric (null is missing) or an MLlib vector (LibSVM's {@code
   * features}), expanded to its size.
   *
   * @throws IllegalArgumentException naming the column that is not numeric, or a missing label
   */
  public static XgbTable collect(Dataset<Row> frame, String label) {
    List<String> names = Arrays.asList(frame.columns());
    require(names.contains(label), "the label column must be one of %s, but got '%s'", names,
        label);
    for (StructField f : frame.schema().fields()) {
      DataType t = f.dataType();
      boolean vector = t.typeName().equals("vector");
      require(t instanceof NumericType || (vector && !f.name().equals(label)),
          "column '%s' must be numeric%s, but got %s", f.name(),
          f.name().equals(label) ? "" : " or a vector", t.simpleString());
    }
    List<Row> rows = frame.collectAsList();
    require(!rows.isEmpty(), "the data must hold at least one row, but got none");
    int labelAt = names.indexOf(label);
    int cols = 0;
    Row first = rows.get(0);
    for (int c = 0; c < names.size(); c++) {
      if (c != labelAt) {
        cols += first.get(c) instanceof Vector v ? v.size() : 1;
      }
    }
    float[] x = new float[rows.size() * cols];
    float[] y = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      require(!r.isNullAt(labelAt), "row %d must have a label in column '%s', but got null",
          i + 1, label);
      y[i] = (float) ((Number) r.get(labelAt)).doubleValue();
      int j = i * cols;
      for (int c = 0; c < names.size(); c++) {
        if (c == labelAt) {
          continue;
        }
        Object v = r.get(c);
        if (v instanceof Vector vec) {
          require(j + vec.size() <= (i + 1) * cols,
              "row %d must have %d features, but its vector '%s' has %d", i + 1, cols,
              names.get(c), vec.size());
          for (int k = 0; k < vec.size(); k++) {
            x[j++] = (float) vec.apply(k);
          }
        } else {
          x[j++] = v == null ? Float.NaN : (float) ((Number) v).doubleValue();
        }
      }
    }
    return new XgbTable(x, y, rows.size(), cols);
  }

  /** The rows at {@code idx}, in that order. */
  public XgbTable subset(int[] idx) {
    float[] x = new float[idx.length * cols];
    float[] y = new float[idx.length];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(features, idx[i] * cols, x, i * cols, cols);
      y[i] = labels[idx[i]];
    }
    return new XgbTable(x, y, idx.length, cols);
  }

  /**
   * The number of classes (max label + 1) if every label is a non-negative integer, else -1.
   */
  public int classes() {
    int max = -1;
    for (float v : labels) {
      if (v < 0 || v != Math.rint(v)) {
        return -1;
      }
      max = Math.max(max, (int) v);
    }
    return max + 1;
  }

  /**
   * The train / validation / test split of a study.
   *
   * @param train the rows trials train on
   * @param validation the rows trials are scored on (the reported metric)
   * @param test the held-out rows, scored once for the best parameters (no rows: no test score)
   */
  public record Split(XgbTable train, XgbTable validation, XgbTable test)
      implements Serializable {}

  /**
   * Splits the table, seeded: {@code testFraction} held out for test (0: none), then {@code
   * validationFraction} of the rest for validation; stratified by class when {@code classes > 0}.
   */
  public Split split(double validationFraction, double testFraction, int classes, long seed) {
    int[] all = java.util.stream.IntStream.range(0, rows).toArray();
    int[][] tt = testFraction > 0 ? holdout(all, testFraction, classes, seed)
        : new int[][] {all, new int[0]};
    XgbTable rest = subset(tt[0]);
    int[][] tv = rest.holdout(java.util.stream.IntStream.range(0, rest.rows).toArray(),
        validationFraction, classes, seed + 1);
    return new Split(rest.subset(tv[0]), rest.subset(tv[1]), subset(tt[1]));
  }

  private int[][] holdout(int[] idx, double fraction, int classes, long seed) {
    if (classes > 0) {
      int[] y = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        y[i] = (int) labels[idx[i]];
      }
      Splits.Holdout h = Splits.holdout(y, classes, fraction, seed);
      return new int[][] {h.train(), h.test()};
    }
    int[] order = idx.clone();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int n = (int) Math.round(order.length * fraction);
    int[] out = Arrays.copyOfRange(order, 0, n);
    int[] in = Arrays.copyOfRange(order, n, order.length);
    Arrays.sort(out);
    Arrays.sort(in);
    return new int[][] {in, out};
  }
}
