package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.study.Objective;
import io.sparktune.study.Study;
import io.sparktune.trial.Trial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * TPE against random search by the median best value over fixed seeds (never one lucky draw).
 */
final class TpeSamplerQualityTest {
  private static final int SEEDS = 7;

  private static final Objective SPHERE4 = t -> {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double x = t.suggestFloat("x" + i, -5, 5) - 1.1;
      s += x * x;
    }
    return s;
  };

  private static final Objective BRANIN = t -> {
    double x1 = t.suggestFloat("x0", -5, 10);
    double x2 = t.suggestFloat("x1", 0, 15);
    double q = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
    return q * q + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  };

  private static final Objective ROSENBROCK6 = t -> {
    double[] x = new double[6];
    for (int i = 0; i < x.length; i++) {
      x[i] = t.suggestFloat("x" + i, -5, 10);
    }
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
    }
    return s;
  };

  private static final Objective MIXED = t -> {
    double lr = Math.log10(t.suggestLogFloat("lr", 1e-5, 1));
    long depth = t.suggestInt("depth", 1, 16);
    String opt = t.suggestCategorical("opt", List.of("sgd", "adam", "rmsprop"));
    return (lr + 3) * (lr + 3) + Math.abs(depth - 6) / 3.0 + (opt.equals("adam") ? 0 : 1);
  };

  private static double medianBest(Objective f, LongFunction<Sampler> sampler, int trials) {
    double[] best = new double[SEEDS];
    for (int s = 0; s < SEEDS; s++) {
      Study study = Study.builder().sampler(sampler.apply(1000 + s)).pruner(new NopPruner())
          .build();
      study.optimize(f, trials);
      best[s] = study.bestValue();
    }
    Arrays.sort(best);
    return best[SEEDS / 2];
  }

  /** As {@link #medianBest}, in synchronous rounds: {@code q} trials asked, then all told. */
  private static double medianBestInBatches(Objective f, LongFunction<Sampler> sampler, int trials,
      int q) throws Exception {
    double[] best = new double[SEEDS];
    for (int s = 0; s < SEEDS; s++) {
      Study study = Study.builder().sampler(sampler.apply(1000 + s)).pruner(new NopPruner())
          .build();
      for (int done = 0; done < trials; done += q) {
        List<Trial> round = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < q; i++) {
          Trial t = study.ask();
          round.add(t);
          values.add(f.evaluate(t));
        }
        for (int i = 0; i < q; i++) {
          study.tell(round.get(i), values.get(i));
        }
      }
      best[s] = study.bestValue();
    }
    Arrays.sort(best);
    return best[SEEDS / 2];
  }

  private static LongFunction<Sampler> tpe() {
    return s -> TpeSampler.builder().seed(s).build();
  }

  @Test
  void optimize_sphere4d_tpeBeatsRandomByMedian() {
    double tpe = medianBest(SPHERE4, tpe(), 60);
    double random = medianBest(SPHERE4, RandomSampler::new, 60);
    assertThat(tpe).isLessThan(random * 0.5);
  }

  @Test
  void optimize_branin_tpeBeatsRandomByMedian() {
    double tpe = medianBest(BRANIN, tpe(), 60);
    double random = medianBest(BRANIN, RandomSampler::new, 60);
    assertThat(tpe).isLessThan(random);
  }

  @Test
  void optimize_mixedSpace_tpeBeatsRandomByMedian() {
    double tpe = medianBest(MIXED, tpe(), 60);
    double random = medianBest(MIXED, RandomSampler::new, 60);
    assertThat(tpe).isLessThan(random);
  }

  @Test
  void optimize_rosenbrock6InBatchesOf8_recombinationBeatsTheLiarAlone() throws Exception {
    double recombined = medianBestInBatches(ROSENBROCK6, tpe(), 80, 8);
    double liarOnly = medianBestInBatches(ROSENBROCK6,
        s -> TpeSampler.builder().seed(s).batchRecombination(false).build(), 80, 8);
    assertThat(recombined).isLessThan(liarOnly * 0.8);
  }

  @Test
  void optimize_tenTrials_startupDesignAndEarlyTpeBeatRandom() {
    double tpe = medianBest(SPHERE4, tpe(), 10);
    double random = medianBest(SPHERE4, RandomSampler::new, 10);
    assertThat(tpe).isLessThan(random);
  }
}
