package io.sparktune.pruner.asha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ASHA virtual-clock benchmark: time to reach a target accuracy at 8, 64 and 256 workers, and
 * the speed-up over 8 workers, for three settings, over 11 seeds each. Writes a Markdown table to
 * {@code target/benchmarks-asha.md} (copied into {@code docs/benchmarks-asha.md}). Run it with
 * {@code mvn -B -o test -Dexcluded.groups=cluster -Dtest=AshaSimulationBenchTest} (about a minute
 * on 2 cores).
 */
@Tag("bench")
final class AshaSimulationBenchTest {
  static final long[] SEEDS = {1, 7, 42, 1234, 99991, 3, 5, 11, 13, 17, 19};
  static final int[] WORKERS = {8, 64, 256};

  record Scenario(int maxResource, int rarity) {}

  @Test
  void asha_8to256Workers_speedUpIsNearLinear() throws IOException {
    List<Scenario> scenarios = List.of(new Scenario(27, 10_000), new Scenario(27, 50_000),
        new Scenario(81, 2_000));
    StringBuilder md = new StringBuilder();
    md.append("| R | rarity | target | workers | median time | min..max | median trials |"
        + " speed-up of medians | median per-seed speed-up | ideal | no pruning, median time |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Scenario sc : scenarios) {
      AshaSimulation.Params p = new AshaSimulation.Params(1, sc.maxResource(), 3,
          AshaSimulation.Params.targetForRarity(sc.maxResource(), sc.rarity()), 0.1, 3_000_000);
      double[][] times = new double[WORKERS.length][SEEDS.length];
      double[][] baseline = new double[WORKERS.length][SEEDS.length];
      int[][] trials = new int[WORKERS.length][SEEDS.length];
      for (int w = 0; w < WORKERS.length; w++) {
        for (int s = 0; s < SEEDS.length; s++) {
          AshaSimulation.Result r = AshaSimulation.asha(p, WORKERS[w], SEEDS[s]);
          times[w][s] = r.time();
          trials[w][s] = r.trials();
          baseline[w][s] = AshaSimulation.noPruning(p, WORKERS[w], SEEDS[s]).time();
        }
      }
      for (int w = 0; w < WORKERS.length; w++) {
        double[] perSeed = new double[SEEDS.length];
        for (int s = 0; s < SEEDS.length; s++) {
          perSeed[s] = times[0][s] / times[w][s];
        }
        double ofMedians = median(times[0]) / median(times[w]);
        double perSeedMedian = median(perSeed);
        double ideal = WORKERS[w] / 8.0;
        md.append(String.format(Locale.ROOT,
            "| %d | 1/%d | %.4f | %d | %.1f | %.1f..%.1f | %.0f | %.1f× | %.1f× | %.0f× | %.1f |%n",
            sc.maxResource(), sc.rarity(), p.target(), WORKERS[w], median(times[w]),
            min(times[w]), max(times[w]), median(Arrays.stream(trials[w]).asDoubleStream()
                .toArray()), ofMedians, perSeedMedian, ideal, median(baseline[w])));
        assertThat(perSeedMedian).as("R=%d rarity=%d workers=%d", sc.maxResource(), sc.rarity(),
            WORKERS[w]).isGreaterThanOrEqualTo(0.7 * ideal);
      }
    }
    System.out.println(md);
    Path out = Path.of("target", "benchmarks-asha.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] xs) {
    return Arrays.stream(xs).min().orElseThrow();
  }

  static double max(double[] xs) {
    return Arrays.stream(xs).max().orElseThrow();
  }
}
