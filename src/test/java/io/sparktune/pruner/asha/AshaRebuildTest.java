package io.sparktune.pruner.asha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AshaRebuildTest {

  /** Attributes by trial number, as a storage would keep them. */
  private static final class AttrMap implements AshaAttrs.Writer {
    final Map<Integer, Map<String, Object>> attrs = new TreeMap<>();

    @Override
    public void setSystemAttr(int trialNumber, String key, Object value) {
      attrs.computeIfAbsent(trialNumber, n -> new LinkedHashMap<>()).put(key, value);
    }

    /** The trials a driver would have stored: states follow the scheduler's statuses. */
    List<FrozenTrial> trials(AshaState state) {
      List<FrozenTrial> out = new ArrayList<>();
      for (var e : attrs.entrySet()) {
        TrialState ts = switch (state.trials().get(e.getKey())) {
          case RUNNING, PAUSED -> TrialState.RUNNING;
          case COMPLETE -> TrialState.COMPLETE;
          case STOPPED -> TrialState.PRUNED;
          case FAILED -> TrialState.FAIL;
        };
        out.add(new FrozenTrial(e.getKey(), e.getKey(), ts, null, Map.of(), Map.of(),
            new TreeMap<>(), Map.of(), e.getValue(), null, null));
      }
      return out;
    }
  }

  /** Milestones [1, 3, 9, 27], the paper's quota unless told. */
  private static AshaScheduler.Builder builder(Direction direction) {
    return builder(direction, PromotionQuota.FLOOR);
  }

  private static AshaScheduler.Builder builder(Direction direction, PromotionQuota quota) {
    return AshaScheduler.builder().minResource(1).maxResource(27).direction(direction)
        .promotionQuota(quota);
  }

  /** A driver with {@code workers} slots making random but seeded events. */
  private static final class RandomDriver {
    final SplittableRandom rnd;
    final int workers;
    final List<Integer> running = new ArrayList<>();
    final Map<Integer, Integer> targets = new TreeMap<>();
    int nextNumber;

    RandomDriver(long seed, int workers) {
      this.rnd = new SplittableRandom(seed);
      this.workers = workers;
    }

    /** Fills free slots, then finishes one running job; returns a log of what happened. */
    String step(AshaScheduler s) {
      StringBuilder log = new StringBuilder();
      while (running.size() < workers) {
        AshaJob job = s.nextJob();
        log.append(job).append(';');
        if (job instanceof AshaJob.Promote p) {
          running.add(p.trialNumber());
          targets.put(p.trialNumber(), p.toRung());
        } else {
          int n = nextNumber++;
          s.onStarted(n);
          running.add(n);
          targets.put(n, 0);
        }
      }
      int n = running.remove(rnd.nextInt(running.size()));
      double u = rnd.nextDouble();
      if (u < 0.05) {
        s.onFailed(n);
        log.append("fail ").append(n);
      } else if (u < 0.10) {
        s.onLost(n);
        log.append("lost ").append(n);
      } else {
        double value = u < 0.15 ? Double.NaN : Math.floor(rnd.nextDouble() * 20) / 20; // ties
        log.append(s.onResult(n, targets.get(n), value));
      }
      return log.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1234, 99991})
  void rebuild_fromRandomEventLog_equalsLiveStateAndContinuesIdentically(long seed) {
    for (PromotionQuota quota : PromotionQuota.values()) {
      rebuildFromRandomEventLog(seed, quota);
    }
  }

  private static void rebuildFromRandomEventLog(long seed, PromotionQuota quota) {
    Direction direction = seed % 2 == 0 ? Direction.MAXIMIZE : Direction.MINIMIZE;
    AttrMap store = new AttrMap();
    AshaScheduler live = builder(direction, quota).attrWriter(store).build();
    RandomDriver driver = new RandomDriver(seed, 4);
    for (int i = 0; i < 300; i++) {
      driver.step(live);
    }
    AshaScheduler rebuilt = builder(direction, quota).attrWriter(store).build();
    rebuilt.rebuild(store.trials(live.state()));
    assertThat(rebuilt.state()).isEqualTo(live.state());
    assertThat(live.state().rungs().get(3).members()).isNotEmpty(); // the log reached the top

    // the same further events give the same decisions
    SplittableRandom a = new SplittableRandom(seed * 31);
    SplittableRandom b = new SplittableRandom(seed * 31);
    for (int i = 0; i < 50; i++) {
      assertThat(step(rebuilt, b)).isEqualTo(step(live, a));
    }
    assertThat(rebuilt.state()).isEqualTo(live.state());
  }

  /** One promotion-or-start and one result for it (a serial driver). */
  private static String step(AshaScheduler s, SplittableRandom rnd) {
    AshaJob job = s.nextJob();
    int n;
    if (job instanceof AshaJob.Promote p) {
      n = p.trialNumber();
    } else {
      n = s.state().trials().isEmpty() ? 0 : s.state().trials().keySet().stream()
          .mapToInt(Integer::intValue).max().getAsInt() + 1;
      s.onStarted(n);
    }
    return job + " -> " + s.onResult(n, job.toRung(), rnd.nextDouble());
  }

  @Test
  void rebuild_fromStudyStorage_equalsLiveState() {
    Study study = Study.builder().name("asha-rebuild").direction(Direction.MAXIMIZE)
        .pruner(new NopPruner()).build();
    AshaScheduler live = builder(Direction.MAXIMIZE).attrWriter(AshaAttrs.Writer.to(study))
        .build();
    Map<Integer, Trial> handles = new TreeMap<>();
    double[] values = {0.5, 0.9, 0.1, 0.7, Double.NaN, 0.8, 0.3, 0.6, 0.95};
    for (double v : values) {
      Trial t = study.ask();
      handles.put(t.number(), t);
      live.onStarted(t.number());
      if (live.onResult(t.number(), 0, v) == AshaDecision.STOP) {
        study.tell(t.number(), TrialState.PRUNED, null);
      }
    }
    AshaJob.Promote p = live.nextPromotion().orElseThrow(); // trial 8 (0.95)
    live.onResult(p.trialNumber(), 1, 0.97);
    AshaJob.Promote q = live.nextPromotion().orElseThrow(); // trial 1 (0.9), left running
    live.onFailed(3);
    study.tell(3, TrialState.FAIL, null);
    Trial fresh = study.ask();
    live.onStarted(fresh.number());

    AshaScheduler rebuilt = builder(Direction.MAXIMIZE).build();
    rebuilt.rebuild(study.trials());
    assertThat(rebuilt.state()).isEqualTo(live.state());
    assertThat(rebuilt.state().trials()).containsEntry(q.trialNumber(), TrialStatus.RUNNING)
        .containsEntry(4, TrialStatus.STOPPED).containsEntry(3, TrialStatus.FAILED)
        .containsEntry(fresh.number(), TrialStatus.RUNNING)
        .containsEntry(p.trialNumber(), TrialStatus.PAUSED);
    assertThat(study.trials().get(4).systemAttrs()).containsEntry("asha_rung_0", "NaN");
    assertThat(study.trials().get(8).systemAttrs()).containsEntry("asha_rung_1", 0.97)
        .containsEntry("asha_target_rung", 1);
  }

  @Test
  void rebuild_pausedTrialFinishedInStorage_isFailed() {
    AttrMap store = new AttrMap();
    AshaScheduler live = builder(Direction.MINIMIZE).attrWriter(store).build();
    live.onResult(0, 0, 0.5);
    live.onResult(1, 0, 0.4);
    live.onResult(2, 0, 0.6);
    List<FrozenTrial> trials = new ArrayList<>(store.trials(live.state()));
    FrozenTrial t1 = trials.get(1);
    trials.set(1, new FrozenTrial(1, 1, TrialState.PRUNED, 0.4, Map.of(), Map.of(),
        new TreeMap<>(), Map.of(), t1.systemAttrs(), null, null));
    AshaScheduler rebuilt = builder(Direction.MINIMIZE).build();
    rebuilt.rebuild(trials);
    assertThat(rebuilt.state().trials()).containsEntry(1, TrialStatus.FAILED);
    assertThat(rebuilt.nextJob()).isInstanceOf(AshaJob.StartNew.class); // 1 was the top third
  }

  @Test
  void rebuild_trialsWithoutAshaAttrs_areIgnored() {
    AshaScheduler s = builder(Direction.MINIMIZE).build();
    s.onStarted(0);
    s.rebuild(List.of(new FrozenTrial(0, 0, TrialState.COMPLETE, 1.0, Map.of(), Map.of(),
        new TreeMap<>(), Map.of(), Map.of("completed_rung_0", 1.0), null, null)));
    assertThat(s.state().trials()).isEmpty();
  }

  @Test
  void rebuild_inconsistentTarget_throws() {
    AshaScheduler s = builder(Direction.MINIMIZE).build();
    List<FrozenTrial> trials = List.of(new FrozenTrial(3, 3, TrialState.RUNNING, null, Map.of(),
        Map.of(), new TreeMap<>(), Map.of(), Map.of("asha_rung_0", 0.5, "asha_target_rung", 3),
        null, null));
    assertThatThrownBy(() -> s.rebuild(trials)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trials must carry asha_target_rung in [0, 1], but got trial 3 with 3");
  }

  @Test
  void rebuild_moreRungsThanScheduler_throws() {
    AshaScheduler s = AshaScheduler.builder().maxResource(3).build(); // rungs 0, 1
    Map<String, Object> attrs = Map.of("asha_rung_0", 1, "asha_rung_1", 1, "asha_rung_2", 1);
    List<FrozenTrial> trials = List.of(new FrozenTrial(0, 0, TrialState.RUNNING, null, Map.of(),
        Map.of(), new TreeMap<>(), Map.of(), attrs, null, null));
    assertThatThrownBy(() -> s.rebuild(trials))
        .hasMessage("trials must carry asha rungs up to 1, but got trial 0 with rung 2");
  }
}
