package io.sparktune.workload.xgboost;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The validation metrics of the xgboost workload, computed from the booster's predictions ({@code
 * inplace_predict}: one probability per row for {@code binary:logistic}, one per class for {@code
 * multi:softprob}, the prediction for regression).
 */
public enum XgbMetric {
  /** Share of rows whose most probable class is the label (classification; maximize). */
  ACCURACY(true, true),
  /** Mean negative log-likelihood of the label (classification; minimize). */
  LOGLOSS(false, true),
  /** Area under the ROC curve (binary classification; maximize). */
  AUC(true, true),
  /** Root mean squared error (regression; minimize). */
  RMSE(false, false),
  /** Mean absolute error (regression; minimize). */
  MAE(false, false);

  /** The config names. */
  public static final List<String> NAMES =
      Arrays.stream(values()).map(XgbMetric::configName).toList();

  private final boolean maximize;
  private final boolean classification;

  XgbMetric(boolean maximize, boolean classification) {
    this.maximize = maximize;
    this.classification = classification;
  }

  /** The config name ({@code accuracy}). */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether larger is better. */
  public boolean maximize() {
    return maximize;
  }

  /** Whether the metric scores classes (else regression values). */
  public boolean classification() {
    return classification;
  }

  /**
   * The metric of predictions {@code pred} (one row per example) against {@code labels}.
   */
  public double of(float[][] pred, float[] labels) {
    int n = labels.length;
    double sum = 0;
    switch (this) {
      case ACCURACY -> {
        for (int i = 0; i < n; i++) {
          sum += predictedClass(pred[i]) == (int) labels[i] ? 1 : 0;
        }
      }
      case LOGLOSS -> {
        for (int i = 0; i < n; i++) {
          double p = pred[i].length == 1 ? (labels[i] > 0 ? pred[i][0] : 1 - pred[i][0])
              : pred[i][(int) labels[i]];
          sum -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, p)));
        }
      }
      case AUC -> {
        return auc(pred, labels);
      }
      case RMSE -> {
        for (int i = 0; i < n; i++) {
          double d = pred[i][0] - labels[i];
          sum += d * d;
        }
        return Math.sqrt(sum / n);
      }
      case MAE -> {
        for (int i = 0; i < n; i++) {
          sum += Math.abs(pred[i][0] - labels[i]);
        }
      }
      default -> throw new IllegalStateException("metric " + this);
    }
    return sum / n;
  }

  /** The class of one prediction: p >= 0.5 for a binary probability, else the most probable. */
  static int predictedClass(float[] p) {
    if (p.length == 1) {
      return p[0] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      best = p[k] > p[best] ? k : best;
    }
    return best;
  }

  /** Mann-Whitney AUC with tied scores counted half. */
  private static double auc(float[][] pred, float[] labels) {
    int n = labels.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(pred[a][0], pred[b][0]));
    double rankSum = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && pred[order[j + 1]][0] == pred[order[i]][0]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0) {
          rankSum += rank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    return pos == 0 || neg == 0 ? Double.NaN : (rankSum - pos * (pos + 1) / 2.0) / (pos * neg);
  }
}
