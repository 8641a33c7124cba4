package com.example.course;

import io.sparktune.study.Objective;
import io.sparktune.trial.Trial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The course's first exercise: an objective written by hand. A softmax (multinomial logistic)
 * regression trained by mini-batch SGD on the digits table that sparktune ships (1,797 8x8
 * images, {@code /datasets/digits.csv.gz} in its jar), scored by 5-fold cross-validated accuracy.
 * Four hyperparameters, suggested define-by-run: the learning rate and the L2 penalty (floats, on
 * a log scale), the number of epochs (an int) and the learning-rate schedule (a categorical).
 */
public class DigitsSoftmax implements Objective {
  static final int FOLDS = 5;
  static final int CLASSES = 10;
  static final int BATCH = 32;

  // guide:start objective
  @Override
  public double evaluate(Trial trial) {
    double learningRate = trial.suggestLogFloat("learning_rate", 1e-3, 1.0);
    double l2 = trial.suggestLogFloat("l2", 1e-6, 1e-1);
    int epochs = trial.suggestInt("epochs", 1, 20);
    String schedule = trial.suggestCategorical("schedule", List.of("constant", "decay"));

    Digits d = Digits.load();
    int[] fold = folds(d.y.length, FOLDS, 42);
    int correct = 0;
    for (int k = 0; k < FOLDS; k++) { // K-fold CV: train on K-1 folds, count hits on the k-th
      double[][] w = train(d, fold, k, learningRate, l2, epochs, schedule.equals("decay"));
      for (int i = 0; i < d.y.length; i++) {
        if (fold[i] == k && predict(w, d.x[i]) == d.y[i]) {
          correct++;
        }
      }
    }
    return (double) correct / d.y.length; // CV accuracy: higher is better, so maximize
  }
  // guide:end

  /** SGD on the rows outside fold {@code k}; weights [class][feature + bias]. */
  static double[][] train(Digits d, int[] fold, int k, double lr, double l2, int epochs,
      boolean decay) {
    int f = d.x[0].length;
    double[][] w = new double[CLASSES][f + 1];
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < d.y.length; i++) {
      if (fold[i] != k) {
        rows.add(i);
      }
    }
    Random rng = new Random(1000L + k);
    double[][] grad = new double[CLASSES][f + 1];
    double[] p = new double[CLASSES];
    for (int e = 0; e < epochs; e++) {
      double step = decay ? lr / (1 + e) : lr;
      Collections.shuffle(rows, rng);
      for (int start = 0; start < rows.size(); start += BATCH) {
        int end = Math.min(rows.size(), start + BATCH);
        for (double[] g : grad) {
          java.util.Arrays.fill(g, 0);
        }
        for (int r = start; r < end; r++) {
          int i = rows.get(r);
          probabilities(w, d.x[i], p);
          for (int c = 0; c < CLASSES; c++) {
            double err = p[c] - (d.y[i] == c ? 1 : 0);
            for (int j = 0; j < f; j++) {
              grad[c][j] += err * d.x[i][j];
            }
            grad[c][f] += err;
          }
        }
        int n = end - start;
        for (int c = 0; c < CLASSES; c++) {
          for (int j = 0; j <= f; j++) {
            double penalty = j < f ? l2 * w[c][j] : 0;
            w[c][j] -= step * (grad[c][j] / n + penalty);
          }
        }
      }
    }
    return w;
  }

  static void probabilities(double[][] w, double[] x, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CLASSES; c++) {
      double z = w[c][x.length];
      for (int j = 0; j < x.length; j++) {
        z += w[c][j] * x[j];
      }
      p[c] = z;
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int c = 0; c < CLASSES; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < CLASSES; c++) {
      p[c] /= sum;
    }
  }

  static int predict(double[][] w, double[] x) {
    double[] p = new double[CLASSES];
    probabilities(w, x, p);
    int best = 0;
    for (int c = 1; c < CLASSES; c++) {
      best = p[c] > p[best] ? c : best;
    }
    return best;
  }

  /** A seeded assignment of rows to {@code k} folds. */
  static int[] folds(int n, int k, long seed) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    int[] fold = new int[n];
    for (int r = 0; r < n; r++) {
      fold[idx.get(r)] = r % k;
    }
    return fold;
  }

  /** The digits table, pixels scaled to [0, 1], loaded once per JVM from sparktune's jar. */
  static final class Digits {
    private static Digits loaded;
    final double[][] x;
    final int[] y;

    private Digits(double[][] x, int[] y) {
      this.x = x;
      this.y = y;
    }

    static synchronized Digits load() {
      if (loaded == null) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream in = DigitsSoftmax.class.getResourceAsStream("/datasets/digits.csv.gz");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            String[] f = line.split(",");
            double[] x = new double[f.length - 1];
            for (int j = 0; j < x.length; j++) {
              x[j] = Double.parseDouble(f[j]) / 16.0;
            }
            rows.add(x);
            labels.add(Integer.parseInt(f[f.length - 1].trim()));
          }
        } catch (IOException | NullPointerException e) {
          throw new UncheckedIOException("cannot read /datasets/digits.csv.gz from the class path"
              + " (it is in sparktune's jar)", e instanceof IOException io ? io
              : new IOException(e));
        }
        loaded = new Digits(rows.toArray(new double[0][]),
            labels.stream().mapToInt(Integer::intValue).toArray());
      }
      return loaded;
    }
  }
}
