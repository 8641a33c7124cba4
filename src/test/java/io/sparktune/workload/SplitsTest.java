package io.sparktune.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class SplitsTest {
  private static final LabeledData DIGITS = Datasets.digits();

  @Test
  void digits_bundled_1797RowsOf64PixelsAnd10Classes() {
    assertThat(DIGITS.size()).isEqualTo(1797);
    assertThat(DIGITS.width()).isEqualTo(64);
    assertThat(DIGITS.numClasses()).isEqualTo(10);
    assertThat(Arrays.stream(DIGITS.features()).flatMapToDouble(Arrays::stream).max())
        .hasValue(16.0);
  }

  @Test
  void holdout_tenPercent_stratifiedDisjointAndSeeded() {
    Splits.Holdout h = Splits.holdout(DIGITS.labels(), 10, 0.1, 42);
    assertThat(h.train().length + h.test().length).isEqualTo(1797);
    assertThat(IntStream.concat(Arrays.stream(h.train()), Arrays.stream(h.test())).distinct()
        .count()).isEqualTo(1797);
    assertThat(h.test().length).isBetween(175, 185);
    int[] perClass = new int[10];
    for (int i : h.test()) {
      perClass[DIGITS.labels()[i]]++;
    }
    assertThat(Arrays.stream(perClass).boxed().toList()).allMatch(c -> c >= 17 && c <= 19);
    assertThat(Splits.holdout(DIGITS.labels(), 10, 0.1, 42).test()).isEqualTo(h.test());
    assertThat(Splits.holdout(DIGITS.labels(), 10, 0.1, 43).test()).isNotEqualTo(h.test());
  }

  @Test
  void stratifiedFolds_everyFoldHoldsEveryClassEvenly() {
    int[] folds = Splits.stratifiedFolds(DIGITS.labels(), 10, 5, 1);
    for (int k = 0; k < 5; k++) {
      int[] idx = Splits.foldIndices(folds, k, true);
      assertThat(idx.length).isBetween(355, 364);
      long classes = Arrays.stream(idx).map(i -> DIGITS.labels()[i]).distinct().count();
      assertThat(classes).isEqualTo(10);
    }
    assertThatThrownBy(() -> Splits.stratifiedFolds(DIGITS.labels(), 10, 1, 1))
        .hasMessage("folds must be >= 2, but got 1");
  }
}
