package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Timeline lanes per executor slot: interval partitioning, so no bar is drawn over another. */
final class TimelineLanesTest {
  private static FrozenTrial trial(int n, String executor, long startMs, long endMs) {
    Map<String, Object> sys = executor == null ? Map.of()
        : Map.of("executor", executor, "host", "localhost");
    Instant t0 = SyntheticStudy.T0;
    return new FrozenTrial(n, n, TrialState.COMPLETE, 1.0, Map.of(), Map.of(), new TreeMap<>(),
        Map.of(), sys, t0.plusMillis(startMs), t0.plusMillis(endMs));
  }

  @Test
  void localStar_twoConcurrentTrials_getTwoLanes_andALaterTrialReusesTheFirstFreeOne() {
    TimelinePlot t = TimelinePlot.of(List.of(trial(0, "driver", 0, 100),
        trial(1, "driver", 10, 300), trial(2, "driver", 100, 200), trial(3, null, 0, 50),
        trial(4, null, 20, 60)));
    assertThat(t.lanes()).containsExactly("driver / slot 1", "driver / slot 2",
        "executor driver @ localhost / slot 1", "executor driver @ localhost / slot 2");
    assertThat(t.bars()).extracting(TimelinePlot.Bar::lane).containsExactly(
        "executor driver @ localhost / slot 1", "executor driver @ localhost / slot 2",
        "executor driver @ localhost / slot 1", "driver / slot 1", "driver / slot 2");
  }

  @Test
  void sequentialTrials_keepOneLaneNamedByTheExecutor() {
    TimelinePlot t = TimelinePlot.of(List.of(trial(0, "1", 0, 100), trial(1, "1", 100, 200)));
    assertThat(t.lanes()).containsExactly("executor 1 @ localhost");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1234, 99991})
  void randomTrials_noTwoBarsOfALaneOverlap_andLanesEqualTheMostTrialsAtOnce(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<FrozenTrial> trials = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      long start = rnd.nextLong(10_000);
      trials.add(trial(i, "e" + rnd.nextInt(3), start, start + 1 + rnd.nextLong(2_000)));
    }
    TimelinePlot t = TimelinePlot.of(trials);
    Map<String, List<TimelinePlot.Bar>> byLane = t.bars().stream()
        .collect(Collectors.groupingBy(TimelinePlot.Bar::lane));
    byLane.values().forEach(bars -> {
      for (TimelinePlot.Bar a : bars) {
        for (TimelinePlot.Bar b : bars) {
          boolean overlap = a != b && a.startMillis() < b.endMillis()
              && b.startMillis() < a.endMillis();
          assertThat(overlap).as("bars %d and %d in one lane", a.number(), b.number()).isFalse();
        }
      }
    });
    for (int e = 0; e < 3; e++) {
      String group = "executor e" + e + " @ localhost";
      long lanes = t.lanes().stream().filter(l -> l.startsWith(group)).count();
      int most = 0;
      for (FrozenTrial a : trials) {
        if (a.systemAttrs().get("executor").equals("e" + e)) {
          int at = 0;
          for (FrozenTrial b : trials) {
            if (b.systemAttrs().get("executor").equals("e" + e)
                && !b.datetimeStart().isAfter(a.datetimeStart())
                && b.datetimeComplete().isAfter(a.datetimeStart())) {
              at++;
            }
          }
          most = Math.max(most, at);
        }
      }
      assertThat(lanes).as(group).isEqualTo(most);
    }
  }
}
