package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.NopPruner;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link TpeSampler.Builder#batchEarlyWidening}: which asks it changes and which it leaves alone. */
final class TpeSamplerEarlyBatchTest {
  private static final SearchSpace PLANE = SearchSpace.builder()
      .add("x", FloatDistribution.uniform(-5, 5))
      .add("y", FloatDistribution.uniform(-5, 5))
      .add("z", FloatDistribution.uniform(-5, 5))
      .build();

  private static double objective(Map<String, Object> p) {
    double x = (Double) p.get("x");
    double y = (Double) p.get("y");
    double z = (Double) p.get("z");
    return (x - 2) * (x - 2) + y * y + (z + 1) * (z + 1);
  }

  private static TpeSampler tpe(boolean widen) {
    return TpeSampler.builder().seed(31).batchEarlyWidening(widen).build();
  }

  /** {@code finished} sequential trials, then {@code q} asks in a row: their parameters. */
  private static List<Map<String, Object>> burstAfter(TpeSampler sampler, int finished, int q) {
    Study study = Study.builder().sampler(sampler).pruner(new NopPruner()).build();
    for (int i = 0; i < finished; i++) {
      Trial t = study.ask(PLANE);
      study.tell(t, objective(t.params()));
    }
    List<Map<String, Object>> burst = new ArrayList<>();
    for (int i = 0; i < q; i++) {
      burst.add(study.ask(PLANE).params());
    }
    return burst;
  }

  /** Synchronous rounds of {@code q}: every trial's parameters. */
  private static List<Map<String, Object>> rounds(TpeSampler sampler, int rounds, int q) {
    Study study = Study.builder().sampler(sampler).pruner(new NopPruner()).build();
    for (int r = 0; r < rounds; r++) {
      List<Trial> batch = new ArrayList<>();
      for (int i = 0; i < q; i++) {
        batch.add(study.ask(PLANE));
      }
      for (Trial t : batch) {
        study.tell(t, objective(t.params()));
      }
    }
    return study.trials().stream().map(FrozenTrial::params).toList();
  }

  @Test
  void burst_earlyInTheStudy_firstAskUnchangedLaterAsksWidened() {
    List<Map<String, Object>> on = burstAfter(tpe(true), 20, 8);
    List<Map<String, Object>> off = burstAfter(tpe(false), 20, 8);
    assertThat(on.get(0)).isEqualTo(off.get(0));
    // a widened member can still pick the same candidate (one drawn from the prior kernel, say)
    long changed = IntStream.range(1, 8)
        .filter(i -> !on.get(i).equals(off.get(i))).count();
    assertThat(changed).isGreaterThanOrEqualTo(5);
  }

  @Test
  void burst_afterFortyEightFinished_unchanged() {
    assertThat(burstAfter(tpe(true), TpeSampler.EARLY_BATCH_FINISHED, 8))
        .isEqualTo(burstAfter(tpe(false), TpeSampler.EARLY_BATCH_FINISHED, 8));
  }

  @Test
  void burst_oneBeforeTheThreshold_stillWidened() {
    List<Map<String, Object>> on = burstAfter(tpe(true), TpeSampler.EARLY_BATCH_FINISHED - 1, 2);
    List<Map<String, Object>> off = burstAfter(tpe(false), TpeSampler.EARLY_BATCH_FINISHED - 1, 2);
    assertThat(on.get(0)).isEqualTo(off.get(0));
    assertThat(on.get(1)).isNotEqualTo(off.get(1));
  }

  @Test
  void sequential_study_unchanged() {
    assertThat(rounds(tpe(true), 60, 1)).isEqualTo(rounds(tpe(false), 60, 1));
  }

  @Test
  void rounds_ofEight_changedOnlyBeforeTheThresholdAndSameSeedSameTrials() {
    List<Map<String, Object>> on = rounds(tpe(true), 8, 8);
    List<Map<String, Object>> off = rounds(tpe(false), 8, 8);
    assertThat(on).isEqualTo(rounds(tpe(true), 8, 8));
    assertThat(on).hasSize(64).isNotEqualTo(off);
    // round 1 is the startup design and round 2's first member asks from it alone; the widened
    // members come after it
    assertThat(on.subList(0, 9)).isEqualTo(off.subList(0, 9));
    assertThat(on.subList(9, 16)).isNotEqualTo(off.subList(9, 16));
  }

  @Test
  void preset_withoutNarrowedBelow_unchanged() {
    // WATANABE keeps the joint "below" bandwidths at factor 1: nothing to widen
    TpeSampler.Builder on = TpeSampler.builder().seed(31).preset(TpeSampler.Preset.WATANABE);
    TpeSampler.Builder off = TpeSampler.builder().seed(31).preset(TpeSampler.Preset.WATANABE)
        .batchEarlyWidening(false);
    assertThat(burstAfter(on.build(), 20, 8)).isEqualTo(burstAfter(off.build(), 20, 8));
    assertThat(on.build().toString()).contains("batchEarlyWidening=true");
  }
}
