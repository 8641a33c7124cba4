package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ExtrapolationTest {
  private static final Dim[] PLANE = {
      Dim.of(FloatDistribution.uniform(-5, 10)), Dim.of(FloatDistribution.uniform(0, 15))};

  /** Five points climbing along y at x = 3, the best (index 4) at the top: the drift is +y. */
  private static final double[][] CLIMB = {{3, 1.0}, {3.05, 1.2}, {2.95, 1.4}, {3, 1.6}, {3, 1.8}};
  private static final int[] CLIMB_RANKS = {4, 3, 2, 1, 0};

  @Test
  void applies_eighthSixteenthOfABurst_only() {
    for (int burst = 0; burst < 24; burst++) {
      assertThat(Extrapolation.applies(burst, 2)).as("burst %d", burst)
          .isEqualTo(burst == 7 || burst == 15 || burst == 23);
    }
  }

  @Test
  void applies_moreThanFourParameters_never() {
    assertThat(Extrapolation.applies(7, 4)).isTrue();
    assertThat(Extrapolation.applies(7, 5)).isFalse();
    assertThat(Extrapolation.applies(15, 10)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1234, 99991})
  void around_pointsClimbing_drawsAheadOfTheBestAlongTheDrift(long seed) {
    // best y = 1.8, basin mean 1.4: centres at 1.8 + α · 0.4, α uniform in [0, 4]
    SplittableRandom rng = new SplittableRandom(seed);
    double[] ys = new double[200];
    double[] xs = new double[200];
    for (int k = 0; k < ys.length; k++) {
      double[] draw = Extrapolation.around(PLANE, CLIMB, CLIMB_RANKS, rng).sample(rng, 1)[0];
      xs[k] = draw[0];
      ys[k] = draw[1];
    }
    Arrays.sort(ys);
    Arrays.sort(xs);
    assertThat(ys[100]).isCloseTo(1.8 + 2 * 0.4, within(0.25));
    assertThat(ys[20]).isGreaterThan(1.8);
    assertThat(xs[100]).isCloseTo(3.0, within(0.05)); // no drift along x
  }

  @Test
  void around_allBasinPointsEqual_widthIsTheFloorAroundTheBest() {
    double[][] same = {{3, 2}, {3, 2}, {3, 2}, {3, 2}};
    SplittableRandom rng = new SplittableRandom(5);
    double[][] draws = Extrapolation.around(PLANE, same, new int[] {0, 1, 2, 3}, rng)
        .sample(rng, 500);
    for (double[] d : draws) {
      // floor 0.001 of the range 15: within 5 sigma of (3, 2)
      assertThat(d[0]).isCloseTo(3, within(5 * Extrapolation.FLOOR * 15));
      assertThat(d[1]).isCloseTo(2, within(5 * Extrapolation.FLOOR * 15));
    }
  }

  @Test
  void around_centreBeyondTheBounds_drawsStayInside() {
    double[][] edge = {{9.9, 14.9}, {8, 13}, {7, 12}, {9, 14}};
    SplittableRandom rng = new SplittableRandom(3);
    for (int k = 0; k < 200; k++) {
      double[] d = Extrapolation.around(PLANE, edge, new int[] {0, 3, 1, 2}, rng)
          .sample(rng, 1)[0];
      assertThat(d[0]).isBetween(-5.0, 10.0);
      assertThat(d[1]).isBetween(0.0, 15.0);
    }
  }

  @Test
  void around_categorical_keepsTheBestChoiceNineTimesInTen() {
    Dim[] dims = {Dim.of(FloatDistribution.uniform(0, 1)),
        Dim.of(CategoricalDistribution.of("a", "b", "c"))};
    double[][] below = {{0.2, 0}, {0.3, 2}, {0.25, 2}, {0.4, 1}};
    SplittableRandom rng = new SplittableRandom(11);
    int kept = 0;
    int n = 4000;
    for (int k = 0; k < n; k++) {
      double[] d = Extrapolation.around(dims, below, new int[] {1, 2, 0, 3}, rng)
          .sample(rng, 1)[0];
      kept += d[1] == 2 ? 1 : 0;
    }
    assertThat(kept / (double) n).isCloseTo(Extrapolation.KEEP_CHOICE, within(0.02));
  }

  @Test
  void keep_singleChoice_certain() {
    assertThat(Extrapolation.keep(1, 0)).containsExactly(1.0);
    assertThat(Extrapolation.keep(3, 1)).containsExactly(new double[] {0.05, 0.9, 0.05},
        within(1e-12));
  }

  @Test
  void std_onePoint_zero_severalPoints_sampleStandardDeviation() {
    assertThat(Extrapolation.std(new double[][] {{4}}, 0)).isZero();
    assertThat(Extrapolation.std(new double[][] {{1}, {2}, {3}, {4}}, 0))
        .isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
  }
}
