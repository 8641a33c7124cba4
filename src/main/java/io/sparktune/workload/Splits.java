package io.sparktune.workload;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, stratified splits: a hold-out test set and K folds for cross-validation. Every class is
 * spread evenly, as scikit-learn's {@code StratifiedKFold} and {@code train_test_split(stratify=y)}
 * do; the same seed always gives the same split.
 */
public final class Splits {
  private Splits() {}

  /**
   * A train/test split.
   *
   * @param train indices of the training examples, ascending
   * @param test indices of the test examples, ascending
   */
  public record Holdout(int[] train, int[] test) {}

  /** Holds out {@code testFraction} of each class for test. */
  public static Holdout holdout(int[] labels, int numClasses, double testFraction, long seed) {
    require(testFraction > 0 && testFraction < 1,
        "testFraction must be in (0, 1), but got %s", num(testFraction));
    List<List<Integer>> byClass = shuffledByClass(labels, numClasses, seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> members : byClass) {
      int nTest = (int) Math.round(members.size() * testFraction);
      test.addAll(members.subList(0, nTest));
      train.addAll(members.subList(nTest, members.size()));
    }
    return new Holdout(sorted(train), sorted(test));
  }

  /**
   * Assigns every example to one of {@code k} folds, class by class in round robin over a seeded
   * shuffle, so that each fold holds about 1/k of every class.
   *
   * @return the fold index of each example
   */
  public static int[] stratifiedFolds(int[] labels, int numClasses, int k, long seed) {
    require(k >= 2, "folds must be >= 2, but got %d", k);
    int[] counts = new int[numClasses];
    for (int y : labels) {
      counts[y]++;
    }
    int smallest = Arrays.stream(counts).filter(c -> c > 0).min().orElse(0);
    require(k <= labels.length, "folds must be <= the number of examples (%d), but got %d",
        labels.length, k);
    int[] fold = new int[labels.length];
    int offset = 0;
    for (List<Integer> members : shuffledByClass(labels, numClasses, seed)) {
      for (int i = 0; i < members.size(); i++) {
        fold[members.get(i)] = (offset + i) % k;
      }
      offset += members.size();
    }
    if (smallest < k) {
      // Like scikit-learn, go on: some folds lack that class.
      org.slf4j.LoggerFactory.getLogger(Splits.class).warn(
          "The least populated class has only {} members, which is less than folds={}.",
          smallest, k);
    }
    return fold;
  }

  /** Indices whose fold is (or, with {@code in=false}, is not) {@code k}. */
  public static int[] foldIndices(int[] folds, int k, boolean in) {
    return java.util.stream.IntStream.range(0, folds.length)
        .filter(i -> (folds[i] == k) == in).toArray();
  }

  private static List<List<Integer>> shuffledByClass(int[] labels, int numClasses, long seed) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (List<Integer> members : byClass) {
      for (int i = members.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
    }
    return byClass;
  }

  private static int[] sorted(List<Integer> xs) {
    return xs.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
