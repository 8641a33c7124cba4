package com.example;

import io.sparktune.study.Objective;
import io.sparktune.trial.Trial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Your own objective: a k-nearest-neighbours classifier on the wine data shipped in this jar
 * (178 wines, 13 chemical measurements, 3 cultivars), scored by 5-fold cross-validated accuracy.
 * sparktune needs only what every objective has: a public no-argument constructor, {@code
 * suggest*} calls, a score. Each trial runs as a Spark task on an executor, which loads the data
 * from this jar once.
 */
public class WineKnn implements Objective {
  private static final int FOLDS = 5;

  /** Features (standardised) and labels, loaded once per JVM from the jar. */
  private static final class Data {
    static final double[][] X;
    static final int[] Y;

    static {
      List<double[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      try (InputStream in = WineKnn.class.getResourceAsStream("wine.csv");
          BufferedReader r = new BufferedReader(new InputStreamReader(in,
              StandardCharsets.UTF_8))) {
        r.readLine(); // "178,13,class_0,class_1,class_2"
        for (String line; (line = r.readLine()) != null; ) {
          String[] f = line.split(",");
          double[] x = new double[f.length - 1];
          for (int j = 0; j < x.length; j++) {
            x[j] = Double.parseDouble(f[j]);
          }
          rows.add(x);
          labels.add(Integer.parseInt(f[f.length - 1].trim()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read wine.csv from the jar", e);
      }
      X = rows.toArray(new double[0][]);
      Y = labels.stream().mapToInt(Integer::intValue).toArray();
      for (int j = 0; j < X[0].length; j++) { // z-scores, so no measurement dominates
        double mean = 0;
        double sq = 0;
        for (double[] x : X) {
          mean += x[j] / X.length;
        }
        for (double[] x : X) {
          sq += (x[j] - mean) * (x[j] - mean) / X.length;
        }
        double sd = Math.sqrt(sq);
        for (double[] x : X) {
          x[j] = (x[j] - mean) / sd;
        }
      }
    }
  }

  @Override
  public double evaluate(Trial trial) {
    int k = trial.suggestInt("k", 1, 30);
    String weights = trial.suggestCategorical("weights", List.of("uniform", "distance"));
    double p = trial.suggestFloat("p", 1.0, 3.0); // Minkowski exponent
    int[] fold = folds(Data.Y.length, 42);
    int correct = 0;
    for (int i = 0; i < Data.X.length; i++) {
      correct += predict(i, fold, k, weights.equals("distance"), p) == Data.Y[i] ? 1 : 0;
    }
    return (double) correct / Data.X.length;
  }

  /** The class of row {@code i} predicted from the rows of the other folds. */
  private static int predict(int i, int[] fold, int k, boolean byDistance, double p) {
    int n = Data.X.length;
    double[] dist = new double[n];
    Integer[] order = new Integer[n];
    for (int j = 0; j < n; j++) {
      order[j] = j;
      double s = 0;
      for (int d = 0; d < Data.X[i].length; d++) {
        s += Math.pow(Math.abs(Data.X[i][d] - Data.X[j][d]), p);
      }
      dist[j] = fold[j] == fold[i] ? Double.POSITIVE_INFINITY : Math.pow(s, 1 / p);
    }
    Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
    double[] votes = new double[3];
    for (int m = 0; m < k; m++) {
      int j = order[m];
      votes[Data.Y[j]] += byDistance ? 1 / (dist[j] + 1e-9) : 1;
    }
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      best = votes[c] > votes[best] ? c : best;
    }
    return best;
  }

  /** A seeded assignment of rows to folds. */
  private static int[] folds(int n, long seed) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    java.util.Collections.shuffle(idx, new Random(seed));
    int[] fold = new int[n];
    for (int r = 0; r < n; r++) {
      fold[idx.get(r)] = r % FOLDS;
    }
    return fold;
  }
}
