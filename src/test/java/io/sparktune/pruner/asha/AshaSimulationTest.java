package io.sparktune.pruner.asha;

import static io.sparktune.pruner.asha.AshaSimulationBenchTest.median;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A small, fast smoke of the virtual-clock benchmark ({@link AshaSimulationBenchTest}). */
final class AshaSimulationTest {
  static final long[] SEEDS = {1, 7, 42, 1234, 99991};
  static final AshaSimulation.Params SMALL = new AshaSimulation.Params(1, 27, 3,
      AshaSimulation.Params.targetForRarity(27, 500), 0.1, 200_000);

  @Test
  void simulation_sameSeed_isDeterministic() {
    assertThat(AshaSimulation.asha(SMALL, 16, 42)).isEqualTo(AshaSimulation.asha(SMALL, 16, 42));
  }

  @Test
  void simulation_8to64Workers_speedUpMedianIsNearLinear() {
    double[] speedUps = new double[SEEDS.length];
    for (int s = 0; s < SEEDS.length; s++) {
      AshaSimulation.Result w8 = AshaSimulation.asha(SMALL, 8, SEEDS[s]);
      AshaSimulation.Result w64 = AshaSimulation.asha(SMALL, 64, SEEDS[s]);
      assertThat(w8.time()).isFinite();
      speedUps[s] = w8.time() / w64.time();
    }
    assertThat(median(speedUps)).isGreaterThanOrEqualTo(0.6 * 8);
  }

  @Test
  void simulation_ashaVersusNoPruning_reachesTargetSoonerInMedian() {
    double[] ratio = new double[SEEDS.length];
    for (int s = 0; s < SEEDS.length; s++) {
      ratio[s] = AshaSimulation.noPruning(SMALL, 8, SEEDS[s]).time()
          / AshaSimulation.asha(SMALL, 8, SEEDS[s]).time();
    }
    assertThat(median(ratio)).isGreaterThan(2);
  }
}
