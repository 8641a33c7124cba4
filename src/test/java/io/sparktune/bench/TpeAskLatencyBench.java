package io.sparktune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.storage.Storage;
import io.sparktune.study.Study;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ask latency of {@link TpeSampler} with 100, 1,000 and 5,000 finished trials over 5 floats and 1
 * categorical: the median over several runs of the median time of one ask plus its six suggestions.
 * Tagged {@code bench}: {@code mvn -o test -Dexcluded.groups=cluster -Dtest=TpeAskLatencyBench}, or
 * run {@link #main}.
 */
@Tag("bench")
final class TpeAskLatencyBench {
  private static final int RUNS = 5;
  private static final int ASKS = 40;

  /** The study's objective space: 5 floats (one log) and a categorical. */
  static double objective(Trial t) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double x = t.suggestFloat("x" + i, -5, 5);
      s += x * x;
    }
    s += Math.abs(Math.log10(t.suggestLogFloat("lr", 1e-5, 1)) + 3);
    String c = t.suggestCategorical("kind", List.of("a", "b", "c", "d"));
    return s + (c.equals("b") ? 0 : 1);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** Median ask latency in milliseconds (wall clock) with {@code finished} finished trials. */
  static double medianAskMillis(int finished, Sampler tpe) {
    return medianAsk(finished, tpe)[0];
  }

  /**
   * Median ask latency with {@code finished} finished trials: {wall ms, CPU ms of this thread}.
   * On a loaded machine the CPU time shows the work an ask costs; the wall time adds the waits.
   */
  static double[] medianAsk(int finished, Sampler tpe) {
    Storage storage = Storage.inMemory();
    Study filler = Study.builder().name("latency").storage(storage)
        .sampler(new RandomSampler(1)).build();
    filler.optimize(TpeAskLatencyBench::objective, finished);
    Study study = Study.builder().name("latency").storage(storage).loadIfExists(true)
        .sampler(tpe).build();
    for (int i = 0; i < 30; i++) { // warm-up (JIT), and the sampler reads the history once
      askOnce(study);
    }
    double[] wallMedians = new double[RUNS];
    double[] cpuMedians = new double[RUNS];
    for (int r = 0; r < RUNS; r++) {
      double[] wall = new double[ASKS];
      double[] cpu = new double[ASKS];
      for (int i = 0; i < ASKS; i++) {
        double[] w = askOnce(study);
        wall[i] = w[0];
        cpu[i] = w[1];
      }
      Arrays.sort(wall);
      Arrays.sort(cpu);
      wallMedians[r] = wall[ASKS / 2];
      cpuMedians[r] = cpu[ASKS / 2];
    }
    Arrays.sort(wallMedians);
    Arrays.sort(cpuMedians);
    return new double[] {wallMedians[RUNS / 2], cpuMedians[RUNS / 2]};
  }

  /** One ask with its suggestions, told FAIL so the finished count stays put: {wall, CPU} ms. */
  private static double[] askOnce(Study study) {
    long c0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Trial t = study.ask();
    objective(t);
    long t1 = System.nanoTime();
    long c1 = THREADS.getCurrentThreadCpuTime();
    study.tell(t.number(), TrialState.FAIL, null);
    return new double[] {(t1 - t0) / 1e6, (c1 - c0) / 1e6};
  }

  @Test
  void ask_defaultTpe_withinLatencyTargets() {
    double[] at1000 = medianAsk(1000, TpeSampler.builder().seed(1).build());
    double[] at5000 = medianAsk(5000, TpeSampler.builder().seed(1).build());
    System.out.printf(Locale.ROOT, "default TPE ask: %.3f ms (CPU %.3f) at 1000, %.3f ms (CPU %.3f)"
        + " at 5000%n", at1000[0], at1000[1], at5000[0], at5000[1]);
    assertThat(at1000[1]).isLessThanOrEqualTo(1.0);
    assertThat(at5000[1]).isLessThanOrEqualTo(3.0);
  }

  public static void main(String[] args) throws Exception {
    for (String variant : List.of("default", "univariate")) {
      for (int n : new int[] {100, 1000, 5000}) {
        TpeSampler s = TpeSampler.builder().seed(1).multivariate(variant.equals("default"))
            .build();
        double[] r = medianAsk(n, s);
        System.out.printf(Locale.ROOT, "%-10s %5d finished: %.3f ms per ask, CPU %.3f ms (median"
            + " of %d runs; load average %s)%n", variant, n, r[0], r[1], RUNS,
            java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
      }
    }
  }
}
