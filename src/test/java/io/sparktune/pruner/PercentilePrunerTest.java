package io.sparktune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PercentilePrunerTest {

  private static Study withCompleted(Direction d, Pruner p, double... finals) {
    Study s = Study.builder().direction(d).sampler(new RandomSampler(1)).pruner(p).build();
    for (double v : finals) {
      Trial t = s.ask();
      t.report(v, 0);
      t.report(v, 1);
      s.tell(t, v);
    }
    return s;
  }

  @Test
  void prune_minimize_worseThanMedianIsPruned() {
    Study s = withCompleted(Direction.MINIMIZE, new MedianPruner(0, 0, 1, 1), 1, 2, 3);
    Trial good = s.ask();
    good.report(1.5, 0);
    assertThat(good.shouldPrune()).isFalse();
    Trial bad = s.ask();
    bad.report(2.5, 0);
    assertThat(bad.shouldPrune()).isTrue();
  }

  @Test
  void prune_maximize_usesUpperPercentile() {
    Study s = withCompleted(Direction.MAXIMIZE, new PercentilePruner(25, 0, 0, 1, 1), 1, 2, 3,
        4, 5);
    Trial t = s.ask();
    t.report(3.5, 0); // keep if >= 75th percentile (4.0)? 3.5 < 4 -> pruned
    assertThat(t.shouldPrune()).isTrue();
    Trial u = s.ask();
    u.report(4.5, 0);
    assertThat(u.shouldPrune()).isFalse();
  }

  @Test
  void prune_startupWarmupAndNaN() {
    Study s = withCompleted(Direction.MINIMIZE, new MedianPruner(5, 0, 1, 1), 1, 2);
    Trial t = s.ask();
    t.report(100, 0);
    assertThat(t.shouldPrune()).as("fewer than nStartupTrials complete").isFalse();
    Study w = withCompleted(Direction.MINIMIZE, new MedianPruner(0, 1, 1, 1), 1, 2);
    Trial x = w.ask();
    x.report(100, 0);
    assertThat(x.shouldPrune()).as("step 0 < nWarmupSteps 1").isFalse();
    x.report(100, 1);
    assertThat(x.shouldPrune()).isTrue();
    Trial n = w.ask();
    n.report(Double.NaN, 1);
    assertThat(n.shouldPrune()).as("all-NaN reports").isTrue();
  }

  @Test
  void nanPercentile_linearInterpolation() {
    assertThat(PercentilePruner.nanPercentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.5);
    assertThat(PercentilePruner.nanPercentile(List.of(1.0, Double.NaN, 3.0), 100)).isEqualTo(3.0);
    assertThat(PercentilePruner.nanPercentile(List.of(Double.NaN), 50)).isNaN();
  }

  @Test
  void constructor_invalid_throwsExactMessages() {
    assertThatThrownBy(() -> new PercentilePruner(101))
        .hasMessage("percentile must be in [0, 100], but got 101");
    assertThatThrownBy(() -> new MedianPruner(-1, 0, 1, 1))
        .hasMessage("nStartupTrials must be >= 0, but got -1");
    assertThatThrownBy(() -> new MedianPruner(0, 0, 0, 1))
        .hasMessage("intervalSteps must be >= 1, but got 0");
  }
}
