package io.sparktune.workload.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.workload.Datasets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The booster objective's contract: seeded (classification and regression), resumable from a
 * checkpoint to the same model, reporting every N rounds.
 */
final class XgbObjectiveTest {
  private static final XgbTable.Split DIGITS =
      XgbTable.of(Datasets.digits()).split(0.2, 0.1, 10, 42);
  private static final XgbTable.Split REGRESSION = regression().split(0.2, 0.1, 0, 42);
  private static final SearchSpace SPACE = SearchSpace.builder()
      .add("eta", FloatDistribution.logUniform(0.05, 0.5))
      .add("max_depth", IntDistribution.uniform(2, 6))
      .add("subsample", FloatDistribution.uniform(0.5, 1))
      .add("colsample_bytree", FloatDistribution.uniform(0.3, 1)).build();
  private static final Map<String, Object> PARAMS =
      Map.of("eta", 0.3, "max_depth", 4, "subsample", 0.7, "colsample_bytree", 0.5);

  /** y = 3 x0 - 2 x1^2 + sin(3 x2) + noise, seeded; 600 rows of 5 features. */
  private static XgbTable regression() {
    SplittableRandom rng = new SplittableRandom(5);
    int n = 600;
    float[] x = new float[n * 5];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) {
        x[i * 5 + j] = (float) rng.nextDouble(-1, 1);
      }
      y[i] = (float) (3 * x[i * 5] - 2 * x[i * 5 + 1] * x[i * 5 + 1] + Math.sin(3 * x[i * 5 + 2])
          + 0.1 * rng.nextGaussian());
    }
    return new XgbTable(x, y, n, 5);
  }

  private static XgbObjective digits(long seed) {
    return new XgbObjective(() -> DIGITS, SPACE, new XgbObjective.Setup("multi:softprob", 10,
        XgbMetric.ACCURACY, 30, 10, List.of(), seed));
  }

  private static XgbObjective regressor(long seed) {
    return new XgbObjective(() -> REGRESSION, SPACE, new XgbObjective.Setup("reg:squarederror",
        0, XgbMetric.RMSE, 40, 10, List.of(), seed));
  }

  private static byte[] trained(XgbObjective o, int rounds) throws Exception {
    try (XgbObjective.Run run = o.newRun()) {
      run.init(new FixedTrial(PARAMS));
      run.train(rounds);
      return run.model();
    }
  }

  @Test
  void classification_sameSeed_sameModelAndScore() throws Exception {
    XgbObjective.Scores a = digits(1).score(PARAMS);
    XgbObjective.Scores b = digits(1).score(PARAMS);
    assertThat(a).isEqualTo(b);
    assertThat(a.validation()).isGreaterThan(0.9);
    assertThat(a.test()).isGreaterThan(0.9);
    assertThat(trained(digits(1), 12)).isEqualTo(trained(digits(1), 12));
    assertThat(trained(digits(2), 12)).isNotEqualTo(trained(digits(1), 12));
  }

  @Test
  void regression_sameSeed_sameModelAndScore_belowTheLabelSpread() throws Exception {
    XgbObjective.Scores a = regressor(1).score(PARAMS);
    assertThat(regressor(1).score(PARAMS)).isEqualTo(a);
    assertThat(trained(regressor(1), 15)).isEqualTo(trained(regressor(1), 15));
    double mean = 0;
    double sq = 0;
    float[] y = REGRESSION.validation().labels();
    for (float v : y) {
      mean += v / y.length;
    }
    for (float v : y) {
      sq += (v - mean) * (v - mean) / y.length;
    }
    assertThat(a.validation()).isLessThan(0.5 * Math.sqrt(sq));
    assertThat(a.test()).isLessThan(0.5 * Math.sqrt(sq));
  }

  @Test
  void resume_fromCheckpoint_sameBoosterAsStraightThrough() throws Exception {
    for (XgbObjective o : List.of(digits(3), regressor(3))) {
      byte[] straight = trained(o, 25);
      ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
      double straightValue;
      try (XgbObjective.Run first = o.newRun()) {
        first.init(new FixedTrial(PARAMS));
        first.train(5);
        first.train(10);
        first.save(ckpt);
      }
      try (XgbObjective.Run resumed = o.newRun(); XgbObjective.Run whole = o.newRun()) {
        resumed.init(new FixedTrial(PARAMS));
        resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
        assertThat(resumed.rounds()).isEqualTo(10);
        double value = resumed.train(25);
        assertThat(resumed.model()).isEqualTo(straight);
        whole.init(new FixedTrial(PARAMS));
        straightValue = whole.train(25);
        assertThat(value).isEqualTo(straightValue);
      }
    }
  }

  @Test
  void train_budgetNotAboveRoundsTrained_isRefused() throws Exception {
    try (XgbObjective.Run run = digits(1).newRun()) {
      run.init(new FixedTrial(PARAMS));
      run.train(4);
      assertThatThrownBy(() -> run.train(4)).hasMessage(
          "budget must be > the rounds trained (4), but got 4");
    }
  }

  @Test
  void stopping_reportsEveryNRoundsAndAtTheRungs() {
    XgbObjective o = new XgbObjective(() -> DIGITS, SPACE, new XgbObjective.Setup(
        "multi:softprob", 10, XgbMetric.LOGLOSS, 30, 10, List.of(3, 9), 1));
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(new RandomSampler(4))
        .pruner(new NopPruner()).build();
    study.optimize(o.stopping(), 2);
    for (FrozenTrial t : study.trials()) {
      assertThat(t.intermediateValues().keySet()).containsExactly(3, 9, 10, 20, 30);
      assertThat(t.value()).isEqualTo(t.intermediateValues().get(30));
      assertThat(t.intermediateValues().get(30)).isLessThan(t.intermediateValues().get(3));
    }
  }

  @Test
  void space_withAnUnknownName_isRefused() {
    SearchSpace bad = SearchSpace.builder().add("learning_rate",
        FloatDistribution.uniform(0.1, 0.2)).build();
    assertThatThrownBy(() -> new XgbObjective(() -> DIGITS, bad, digits(1).setup()))
        .hasMessageContaining("space must define only names of [eta, max_depth")
        .hasMessageEndingWith("but got [learning_rate]");
  }
}
