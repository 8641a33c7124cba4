package io.sparktune.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Pruner} promises (Optuna's pruner tests, shared): no reports, no pruning; the
 * decision is the same when asked twice; minimizing a curve and maximizing its negation decide the
 * same; the best curve of the study is never pruned. Subclasses give the pruner (a fresh one per
 * call, since some keep per-study state in trial attributes).
 */
abstract class PrunerContract {
  protected abstract Pruner pruner();

  private static final int STEPS = 9;

  /** Ten seeded learning curves: {@code level + noise} decaying over {@link #STEPS} steps. */
  private static List<double[]> curves(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      double level = r.nextDouble(1, 3);
      double[] c = new double[STEPS];
      for (int s = 0; s < STEPS; s++) {
        c[s] = level + 1.0 / (s + 1) + r.nextDouble(0, 0.05);
      }
      out.add(c);
    }
    return out;
  }

  /** A study (same name, so brackets match) whose finished trials followed {@code curves}. */
  private Study study(Direction d, List<double[]> curves, double sign) {
    Study s = Study.builder().name("contract").direction(d).sampler(new RandomSampler(1))
        .pruner(pruner()).build();
    for (double[] c : curves) {
      Trial t = s.ask();
      for (int i = 0; i < c.length; i++) {
        t.report(sign * c[i], i);
      }
      s.tell(t, sign * c[c.length - 1]);
    }
    return s;
  }

  /** The decisions after each step for a new trial reporting {@code curve}. */
  private static List<Boolean> decisions(Study s, double[] curve, double sign) {
    Trial t = s.ask();
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < curve.length; i++) {
      t.report(sign * curve[i], i);
      boolean first = t.shouldPrune();
      assertThat(t.shouldPrune()).as("asked twice at step %d", i).isEqualTo(first);
      out.add(first);
    }
    return out;
  }

  @Test
  void prune_noReports_never() {
    Study s = study(Direction.MINIMIZE, curves(1), 1);
    Trial t = s.ask();
    assertThat(t.shouldPrune()).isFalse();
  }

  @Test
  void prune_minimizeAndMaximizedNegation_decideTheSame() {
    for (long seed = 1; seed <= 5; seed++) {
      List<double[]> c = curves(seed);
      double[] probe = curves(seed + 100).get(0);
      List<Boolean> min = decisions(study(Direction.MINIMIZE, c, 1), probe, 1);
      List<Boolean> max = decisions(study(Direction.MAXIMIZE, c, -1), probe, -1);
      assertThat(max).as("seed %d", seed).isEqualTo(min);
    }
  }

  @Test
  void prune_bestCurveOfTheStudy_never() {
    List<double[]> c = curves(3);
    double[] best = new double[STEPS];
    for (int s = 0; s < STEPS; s++) {
      best[s] = 0.5 + 1.0 / (s + 1); // below every curve at every step
    }
    assertThat(decisions(study(Direction.MINIMIZE, c, 1), best, 1)).containsOnly(false);
    assertThat(decisions(study(Direction.MAXIMIZE, c, -1), best, -1)).containsOnly(false);
  }
}
