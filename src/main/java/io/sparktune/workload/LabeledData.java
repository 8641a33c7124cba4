package io.sparktune.workload;

import static io.sparktune.internal.Checks.require;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A dense classification data set held in memory: one feature row and one integer label per example.
 * Small enough to broadcast; the arrays are not copied, so treat them as read-only.
 *
 * @param features one row per example, all of the same width
 * @param labels class index per example, from 0
 * @param numClasses number of classes (max label + 1)
 */
public record LabeledData(double[][] features, int[] labels, int numClasses)
    implements Serializable {

  public LabeledData {
    require(features.length == labels.length,
        "labels must have one entry per row, but got %d rows and %d labels", features.length,
        labels.length);
    int width = features.length == 0 ? 0 : features[0].length;
    for (double[] row : features) {
      require(row.length == width, "rows must all have %d features, but got a row of %d", width,
          row.length);
    }
  }

  /** Infers the number of classes from the labels. */
  public static LabeledData of(double[][] features, int[] labels) {
    return new LabeledData(features, labels, Arrays.stream(labels).max().orElse(-1) + 1);
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** Number of features per example. */
  public int width() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /** The examples at the given indices, in that order. */
  public LabeledData subset(int[] indices) {
    double[][] x = new double[indices.length][];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      x[i] = features[indices[i]];
      y[i] = labels[indices[i]];
    }
    return new LabeledData(x, y, numClasses);
  }
}
