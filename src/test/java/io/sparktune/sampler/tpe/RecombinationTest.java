package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.FloatDistribution;
import org.junit.jupiter.api.Test;

final class RecombinationTest {
  private static final Dim[] PLANE = {
      Dim.of(FloatDistribution.uniform(-5, 10)), Dim.of(FloatDistribution.uniform(0, 15))};

  /** A 0.1-wide square of four points at each centre, listed centre by centre. */
  private static double[][] squares(double[]... centres) {
    double[][] out = new double[4 * centres.length][];
    for (int c = 0; c < centres.length; c++) {
      for (int k = 0; k < 4; k++) {
        out[4 * c + k] = new double[] {centres[c][0] + 0.1 * (k % 2), centres[c][1] + 0.1 * (k / 2)};
      }
    }
    return out;
  }

  @Test
  void basin_threeSeparateMinima_onlyTheBestPointsSquare() {
    // Branin's three minima; the best-ranked point is in the second square (indices 4-7)
    double[][] below = squares(new double[] {-3.14, 12.27}, new double[] {3.14, 2.27},
        new double[] {9.42, 2.47});
    int[] byRank = {5, 0, 9, 6, 1, 10, 4, 2, 11, 7, 3, 8};
    assertThat(Recombination.basin(PLANE, below, byRank)).containsExactly(5, 6, 4, 7);
  }

  @Test
  void basin_evenlySpreadCloud_everyPointBestFirst() {
    double[][] below = new double[12][];
    for (int j = 0; j < below.length; j++) {
      below[j] = new double[] {0.5 * (j % 4), 5 + 0.5 * (j / 4)};
    }
    int[] byRank = {3, 1, 4, 0, 5, 9, 2, 6, 8, 7, 11, 10};
    assertThat(Recombination.basin(PLANE, below, byRank)).containsExactly(byRank);
  }

  @Test
  void basin_twoPoints_bothKept() {
    double[][] below = {{0, 1}, {9, 14}};
    assertThat(Recombination.basin(PLANE, below, new int[] {1, 0})).containsExactly(1, 0);
  }
}
