package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ParzenEstimatorTest {
  private static final ParzenEstimator.Settings OPTUNA = new ParzenEstimator.Settings(
      TpeSampler.Weights.OPTUNA_RAMP, TpeSampler.Bandwidth.OPTUNA, true, 1.0, -1,
      TpeSampler.KernelScale.DENSITY);
  private static final ParzenEstimator.Settings SCOTT = new ParzenEstimator.Settings(
      TpeSampler.Weights.UNIFORM, TpeSampler.Bandwidth.SCOTT, true, 1.0, 0.2,
      TpeSampler.KernelScale.DENSITY);

  @Test
  void weights_optunaRamp_flatNewest25RampedOlder() {
    double[] w = ParzenEstimator.weights(TpeSampler.Weights.OPTUNA_RAMP, 30);
    assertThat(w).hasSize(30);
    assertThat(w[0]).isCloseTo(1.0 / 30, within(1e-12));
    assertThat(w[4]).isCloseTo(1.0, within(1e-12));
    for (int i = 5; i < 30; i++) {
      assertThat(w[i]).isEqualTo(1.0);
    }
    assertThat(ParzenEstimator.weights(TpeSampler.Weights.OPTUNA_RAMP, 10)).containsOnly(1.0);
    assertThat(ParzenEstimator.weights(TpeSampler.Weights.UNIFORM, 40)).containsOnly(1.0);
  }

  @Test
  void logPdf_peakScale_matchesOptuna31() {
    // Optuna 3.1.0: _ParzenEstimator(univariate, default weights, prior, magic clip).log_pdf on
    // these observations over FloatDistribution(-5, 10); its truncnorm.logpdf leaves out log σ.
    ParzenEstimator.Settings peak = new ParzenEstimator.Settings(TpeSampler.Weights.OPTUNA_RAMP,
        TpeSampler.Bandwidth.OPTUNA, true, 1.0, -1, TpeSampler.KernelScale.PEAK);
    Dim[] dims = {Dim.of(FloatDistribution.uniform(-5, 10))};
    double[][] obs = {{1.0}, {2.5}, {-3.0}, {7.0}, {7.5}, {0.2}};
    double[][] at = {{-4.9}, {0}, {1.1}, {5}, {9.9}};
    double[] optuna = {-1.53001973, -1.04222901, -0.9863782, -1.22338153, -1.50353255};
    double[] lp = ParzenEstimator.build(dims, obs, peak).logPdf(at);
    for (int i = 0; i < at.length; i++) {
      assertThat(lp[i]).as("x=%s", at[i][0]).isCloseTo(optuna[i], within(1e-6));
    }
  }

  @Test
  void build_manyObservations_thinnedToMaxKernelsKeepingTheDensity() {
    Dim[] dims = {Dim.of(FloatDistribution.uniform(0, 1))};
    int n = 3000;
    double[][] obs = new double[n][];
    for (int j = 0; j < n; j++) { // an even cover of [0, 1], oldest first: density 1
      obs[j] = new double[] {(j + 0.5) / n};
    }
    Mixture m = ParzenEstimator.build(dims, obs, SCOTT);
    assertThat(m.size()).isEqualTo(ParzenEstimator.MAX_KERNELS + 1);
    // the old ones (x < 0.91) are thinned into weighted strata, the newest 256 kept as they are
    for (double x : new double[] {0.2, 0.5, 0.75}) { // 3σ inside: no edge effect
      assertThat(m.logPdf(new double[][] {{x}})[0]).as("x=%s", x).isCloseTo(0.0, within(0.02));
    }
  }

  @Test
  void build_bandwidthFactor_narrowsObservationKernelsNotThePrior() {
    Dim[] dims = {Dim.of(FloatDistribution.uniform(0, 10))};
    double[][] obs = {{2.0}, {5.0}, {8.0}};
    Mixture wide = ParzenEstimator.build(dims, obs, SCOTT, 0, 1.0, 1.0);
    Mixture narrow = ParzenEstimator.build(dims, obs, SCOTT, 0, 1.0, 0.4);
    // at an observation a narrower kernel is higher; far from all of them only the prior is left
    assertThat(narrow.logPdf(new double[][] {{5.0}})[0])
        .isGreaterThan(wide.logPdf(new double[][] {{5.0}})[0]);
    assertThat(narrow.logPdf(new double[][] {{0.0}})[0])
        .isLessThan(wide.logPdf(new double[][] {{0.0}})[0]);
  }

  @Test
  void build_tailWeight_scalesTheLastObservations() {
    Dim[] dims = {Dim.of(FloatDistribution.uniform(0, 10))};
    double[][] obs = {{2.0}, {8.0}};
    double[][] at = {{8.0}};
    double full = ParzenEstimator.build(dims, obs, SCOTT, 1, 1.0, 1.0).logPdf(at)[0];
    double reduced = ParzenEstimator.build(dims, obs, SCOTT, 1, 0.3, 1.0).logPdf(at)[0];
    double none = ParzenEstimator.build(dims, obs, SCOTT, 1, 0.0, 1.0).logPdf(at)[0];
    assertThat(full).isGreaterThan(reduced);
    assertThat(reduced).isGreaterThan(none);
  }

  @Test
  void logPdf_continuousMixture_integratesToOne() {
    Dim[] dims = {Dim.of(FloatDistribution.uniform(-2, 3))};
    double[][] obs = {{0.1}, {0.4}, {2.9}, {-1.5}};
    for (ParzenEstimator.Settings s : new ParzenEstimator.Settings[] {OPTUNA, SCOTT}) {
      Mixture m = ParzenEstimator.build(dims, obs, s);
      int n = 20000;
      double[][] grid = new double[n][1];
      for (int i = 0; i < n; i++) {
        grid[i][0] = -2 + 5.0 * (i + 0.5) / n;
      }
      double integral = 0;
      for (double lp : m.logPdf(grid)) {
        integral += Math.exp(lp) * 5.0 / n;
      }
      assertThat(integral).as("%s", s).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void logPdf_discreteAndCategorical_sumToOne() {
    Dim[] dims = {Dim.of(IntDistribution.uniform(1, 6)), Dim.of(CategoricalDistribution.of(
        "a", "b", "c")), Dim.of(IntDistribution.logUniform(1, 8))};
    double[][] obs = {{2, 0, Math.log(2)}, {5, 2, Math.log(7)}, {1, 1, 0}};
    Mixture m = ParzenEstimator.build(dims, obs, SCOTT);
    double total = 0;
    for (int a = 1; a <= 6; a++) {
      for (int c = 0; c < 3; c++) {
        for (int w = 1; w <= 8; w++) {
          total += Math.exp(m.logPdf(new double[][] {{a, c, Math.log(w)}})[0]);
        }
      }
    }
    assertThat(total).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void sample_draws_stayInBoundsAndOnGrid() {
    Dim[] dims = {Dim.of(FloatDistribution.stepped(0, 1, 0.25)),
        Dim.of(FloatDistribution.logUniform(1e-3, 10)), Dim.of(IntDistribution.logUniform(1, 100))};
    double[][] obs = {{0.25, Math.log(0.01), Math.log(3)}, {1.0, Math.log(5), Math.log(90)}};
    Mixture m = ParzenEstimator.build(dims, obs, OPTUNA);
    for (double[] x : m.sample(new SplittableRandom(3), 500)) {
      double step = dims[0].toInternal(x[0]);
      assertThat(step * 4).isEqualTo(Math.rint(step * 4));
      assertThat(dims[1].toInternal(x[1])).isBetween(1e-3, 10.0);
      double n = dims[2].toInternal(x[2]);
      assertThat(n).isBetween(1.0, 100.0).isEqualTo(Math.rint(n));
    }
  }

  @Test
  void build_univariateOptunaBandwidth_largerNeighbourGapClipped() {
    // Centres 2, 3, 9 and the prior 5 on [0, 10]: gaps as in Optuna's consider_endpoints=False.
    Dim[] dims = {Dim.of(FloatDistribution.uniform(0, 10))};
    Mixture m = ParzenEstimator.build(dims, new double[][] {{2}, {3}, {9}}, OPTUNA);
    assertThat(m.size()).isEqualTo(4);
    // The density at 9 is dominated by the kernel at 9, of width 4 (gap to 5): check its height.
    double lp = m.logPdf(new double[][] {{9}})[0];
    assertThat(lp).isBetween(Math.log(0.25 / Math.sqrt(2 * Math.PI) / 4), Math.log(0.2));
  }
}
