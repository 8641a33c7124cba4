package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PedAnovaTest {
  private static final List<String> PARAMS = List.of("x", "noise_float", "noise_int",
      "noise_cat");
  private static final long[] SEEDS = {1, 7, 42, 1234, 99991};

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1234, 99991})
  void evaluate_oneDrivingParam_ranksItFirst(long seed) {
    Map<String, Double> imp = new PedAnova(0.1).evaluate(
        SyntheticStudy.oneDriver(200, seed, 0.01), PARAMS, Direction.MINIMIZE);

    assertThat(imp.keySet()).first().isEqualTo("x");
    assertThat(imp.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void evaluate_oneDrivingParam_winsByAClearMarginInTheMedian() {
    double[] ratio = new double[SEEDS.length];
    double[] share = new double[SEEDS.length];
    for (int i = 0; i < SEEDS.length; i++) {
      Map<String, Double> imp = new PedAnova(0.1).evaluate(
          SyntheticStudy.oneDriver(200, SEEDS[i], 0.01), PARAMS, Direction.MINIMIZE);
      double noise = Math.max(imp.get("noise_float"),
          Math.max(imp.get("noise_int"), imp.get("noise_cat")));
      ratio[i] = imp.get("x") / noise;
      share[i] = imp.get("x");
    }
    Arrays.sort(ratio);
    Arrays.sort(share);
    assertThat(ratio[0]).as("smallest x/noise ratio over seeds").isGreaterThan(4);
    assertThat(ratio[2]).as("median x/noise ratio").isGreaterThan(5);
    assertThat(share[2]).as("median share of x").isGreaterThan(0.8);
  }

  @Test
  void evaluate_maximize_usesTheOtherTail() {
    // maximizing (x - 0.3)^2 puts the top trials at x near 1: x still drives it
    Map<String, Double> imp = new PedAnova(0.1).evaluate(
        SyntheticStudy.oneDriver(200, 42, 0.01), PARAMS, Direction.MAXIMIZE);
    assertThat(imp.keySet()).first().isEqualTo("x");
  }

  @Test
  void top_tenPercentOfTwoHundred_keepsTwentyBest() {
    List<FrozenTrial> trials = SyntheticStudy.oneDriver(200, 3, 0.0);
    List<FrozenTrial> top = new PedAnova(0.1).top(trials, Direction.MINIMIZE);
    double worstTop = top.stream().mapToDouble(FrozenTrial::value).max().orElseThrow();

    assertThat(top).hasSize(20);
    assertThat(trials.stream().filter(t -> t.value() < worstTop).count()).isEqualTo(19);
  }

  @Test
  void top_tinyQuantile_keepsAtLeastTwo() {
    assertThat(new PedAnova(0.001).top(SyntheticStudy.oneDriver(50, 3, 0.0),
        Direction.MINIMIZE)).hasSize(2);
  }

  @Test
  void evaluate_twoTrials_givesEqualShares() {
    Map<String, Double> imp = new PedAnova(0.1).evaluate(
        SyntheticStudy.oneDriver(2, 1, 0.0), PARAMS, Direction.MINIMIZE);
    assertThat(imp.values()).containsOnly(0.25);
  }

  @Test
  void evaluate_singleValuedParam_scoresZero() {
    List<FrozenTrial> trials = new ArrayList<>();
    for (FrozenTrial t : SyntheticStudy.oneDriver(100, 5, 0.0)) {
      Map<String, Object> p = new LinkedHashMap<>(t.params());
      p.put("fixed", 3L);
      Map<String, io.sparktune.space.Distribution> d = new LinkedHashMap<>(t.distributions());
      d.put("fixed", IntDistribution.uniform(3, 3));
      trials.add(new FrozenTrial(t.trialId(), t.number(), t.state(), t.value(), p, d,
          new TreeMap<>(), Map.of(), Map.of(), t.datetimeStart(), t.datetimeComplete()));
    }
    Map<String, Double> imp = new PedAnova(0.1).evaluate(trials, List.of("x", "fixed"),
        Direction.MINIMIZE);
    assertThat(imp).containsEntry("fixed", 0.0).containsEntry("x", 1.0);
  }

  @Test
  void counts_floatGrid_putsBoundsInTheEndCells() {
    FloatDistribution d = FloatDistribution.uniform(0, 1);
    List<FrozenTrial> trials = List.of(trial(0, d, 0.0), trial(1, d, 1.0), trial(2, d, 0.5));
    double[] c = PedAnova.counts("x", d, trials);
    assertThat(c).hasSize(PedAnova.N_STEPS);
    assertThat(c[0]).isEqualTo(1);
    assertThat(c[PedAnova.N_STEPS - 1]).isEqualTo(1);
    assertThat(Arrays.stream(c).sum()).isEqualTo(3);
  }

  @Test
  void pmf_sumsToOne() {
    FloatDistribution d = FloatDistribution.uniform(0, 1);
    double[] counts = new double[PedAnova.N_STEPS];
    counts[3] = 4;
    counts[20] = 1;
    assertThat(Arrays.stream(PedAnova.pmf(counts, d)).sum()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void new_quantileZero_throws() {
    assertThatThrownBy(() -> new PedAnova(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantile must be in (0, 1], but got 0.0");
  }

  @Test
  void normalMass_matchesKnownValues() {
    assertThat(Normal.mass(-1.96, 1.96)).isCloseTo(0.95, within(1e-4));
    assertThat(Normal.mass(8, 9)).isCloseTo(6.22e-16, within(1e-17));
    assertThat(Normal.mass(-9, -8)).isCloseTo(6.22e-16, within(1e-17));
  }

  private static FrozenTrial trial(int n, FloatDistribution d, double x) {
    return new FrozenTrial(n, n, TrialState.COMPLETE, x, Map.of("x", x), Map.of("x", d),
        new TreeMap<>(), Map.of(), Map.of(), null, null);
  }
}
