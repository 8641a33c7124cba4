package io.sparktune.workload;

import java.io.Serializable;

/**
 * A cross-validated classification task: a seeded stratified hold-out test set and K stratified
 * folds over the remaining training rows.
 *
 * @param train the training rows (the folds index into them)
 * @param test the held-out rows, used once for the best parameters
 * @param folds fold index per training row
 * @param k number of folds
 */
public record ForestTask(LabeledData train, LabeledData test, int[] folds, int k)
    implements Serializable {

  /** Splits {@code data}: {@code testFraction} held out, K folds over the rest, all seeded. */
  public static ForestTask split(LabeledData data, double testFraction, int k, long seed) {
    Splits.Holdout h = Splits.holdout(data.labels(), data.numClasses(), testFraction, seed);
    LabeledData train = data.subset(h.train());
    LabeledData test = data.subset(h.test());
    int[] folds = Splits.stratifiedFolds(train.labels(), train.numClasses(), k, seed + 1);
    return new ForestTask(train, test, folds, k);
  }
}
