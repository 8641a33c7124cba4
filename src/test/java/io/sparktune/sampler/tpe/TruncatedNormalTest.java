package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class TruncatedNormalTest {

  @Test
  void erfc_knownValues_withinRelativeError() {
    double[][] cases = {{0, 1}, {0.5, 0.4795001221869535}, {1, 0.15729920705028513},
        {2, 0.004677734981047266}, {3, 2.209049699858544e-05}, {5, 1.5374597944280349e-12},
        {-1, 1.8427007929497148}};
    for (double[] c : cases) {
      assertThat(TruncatedNormal.erfc(c[0])).as("erfc(%s)", c[0])
          .isCloseTo(c[1], within(2e-7 * c[1]));
    }
  }

  @Test
  void mass_symmetricAndComplementary() {
    assertThat(TruncatedNormal.mass(-1, 1)).isCloseTo(0.6826894921370859, within(1e-7));
    assertThat(TruncatedNormal.mass(-30, 30)).isCloseTo(1.0, within(1e-12));
    assertThat(TruncatedNormal.mass(2, 3)).isCloseTo(TruncatedNormal.mass(-3, -2), within(1e-15));
    // Φc(6) − Φc(7) = 9.8658765e-10 − 1.2798125e-12
    assertThat(TruncatedNormal.mass(6, 7)).isCloseTo(9.853078e-10, within(3e-16));
  }

  @Test
  void logBinMass_binsOfTheWholeRange_sumToOne() {
    // Kernel N(3.2, 1.5) truncated to [-0.5, 9.5]: the ten unit bins hold all its mass.
    double logZ = TruncatedNormal.logNormalizer(-0.5, 9.5, 3.2, 1.5);
    double total = 0;
    for (int v = 0; v <= 9; v++) {
      total += Math.exp(TruncatedNormal.logBinMass(v - 0.5, v + 0.5, 3.2, 1.5, logZ));
    }
    assertThat(total).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void sample_manyDraws_insideBoundsWithTheTruncatedMean() {
    SplittableRandom rng = new SplittableRandom(1);
    double sum = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      double x = TruncatedNormal.sample(0, 1, 0, 10, rng);
      assertThat(x).isBetween(0.0, 10.0);
      sum += x;
    }
    // The half-normal has mean sqrt(2/pi) = 0.7979.
    assertThat(sum / n).isCloseTo(0.7979, within(0.02));
  }
}
