package io.sparktune.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The native engine's contract on the bundled digits: seeded, accurate, both modes. */
final class NativeForestEngineTest {
  private static final ForestTask TASK = ForestTask.split(Datasets.digits(), 0.1, 3, 42);

  @ParameterizedTest
  @EnumSource(NativeForestEngine.Mode.class)
  void foldAccuracy_sameSeed_sameScoreFromAnotherEngine(NativeForestEngine.Mode mode) {
    ForestParams p = new ForestParams(12, 6, 7);
    double a = new NativeForestEngine(TASK, mode).foldAccuracy(p, 1);
    double b = new NativeForestEngine(TASK, mode).foldAccuracy(p, 1);
    assertThat(a).isEqualTo(b).isGreaterThan(0.85);
  }

  @Test
  void boosted_roundsAndDepth_learnMoreThanOneStump() {
    NativeForestEngine e = new NativeForestEngine(TASK, NativeForestEngine.Mode.BOOSTED);
    double stump = e.foldAccuracy(new ForestParams(1, 1, 7), 0);
    double boosted = e.foldAccuracy(new ForestParams(40, 6, 7), 0);
    assertThat(stump).isLessThan(0.6);
    assertThat(boosted).isGreaterThan(0.93);
    assertThat(e.testAccuracy(new ForestParams(40, 6, 7))).isGreaterThan(0.93);
  }

  @Test
  void xgboostParams_mapTheGridToRoundsOrParallelTrees() {
    ForestParams p = new ForestParams(50, 10, 3);
    var boosted = new NativeForestEngine(TASK, NativeForestEngine.Mode.BOOSTED)
        .xgboostParams(p, 64);
    assertThat(boosted).containsEntry("max_depth", 10).containsEntry("eta", 0.3)
        .containsEntry("seed", 3L).doesNotContainKey("num_parallel_tree");
    var forest = new NativeForestEngine(TASK, NativeForestEngine.Mode.FOREST)
        .xgboostParams(p, 64);
    assertThat(forest).containsEntry("num_parallel_tree", 50).containsEntry("eta", 1.0)
        .containsEntry("colsample_bynode", 0.125);
  }
}
