package io.sparktune.pruner;

import static io.sparktune.pruner.Fixtures.frozen;
import static io.sparktune.pruner.Fixtures.reported;
import static io.sparktune.pruner.Fixtures.study;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class SuccessiveHalvingPrunerTest {

  private static Map<String, Object> attrs(Study study, Trial t) {
    return frozen(study, t.number()).systemAttrs();
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void prune_firstTrialThenWorseTrial_prunesOnlyTheWorse(Direction direction) {
    Study study = study("sha-" + direction, direction, new SuccessiveHalvingPruner(1, 2, 0, 0));
    double good = direction == Direction.MINIMIZE ? 1 : 2;
    double bad = direction == Direction.MINIMIZE ? 2 : 1;
    Trial first = reported(study, good, 1);
    assertThat(first.shouldPrune()).isFalse();
    Trial second = study.ask();
    assertThat(second.shouldPrune()).isFalse(); // no report yet
    second.report(bad, 1);
    assertThat(second.shouldPrune()).isTrue();
  }

  @Test
  void prune_rungCheck_recordsCompletedRungsAsOptuna() {
    Study study = study("sha-rungs", Direction.MINIMIZE, new SuccessiveHalvingPruner(1, 2, 0, 0));
    for (int i = 0; i < 7; i++) {
      reported(study, 0.1 * (i + 1), 7).shouldPrune();
    }
    // trial 0 was best at every rung it reached: ends of rungs 0, 1, 2 are steps 1, 2, 4
    assertThat(frozen(study, 0).systemAttrs())
        .containsOnlyKeys("completed_rung_0", "completed_rung_1", "completed_rung_2");
    assertThat(frozen(study, 6).systemAttrs()).containsOnlyKeys("completed_rung_0");

    Trial seventhFromBottom = reported(study, 0.75, 7);
    assertThat(seventhFromBottom.shouldPrune()).isTrue();
    assertThat(attrs(study, seventhFromBottom)).containsOnlyKeys("completed_rung_0");

    Trial thirdFromBottom = reported(study, 0.25, 7);
    assertThat(thirdFromBottom.shouldPrune()).isTrue();
    assertThat(attrs(study, thirdFromBottom))
        .containsOnlyKeys("completed_rung_0", "completed_rung_1");

    Trial lowest = reported(study, 0.05, 7);
    assertThat(lowest.shouldPrune()).isFalse();
    assertThat(attrs(study, lowest))
        .containsOnlyKeys("completed_rung_0", "completed_rung_1", "completed_rung_2")
        .containsEntry("completed_rung_2", 0.05);
  }

  @Test
  void prune_nanPastRungEnd_prunes() {
    Study study = study("sha-nan", Direction.MINIMIZE, new SuccessiveHalvingPruner(1, 2, 0, 0));
    Trial t = reported(study, Double.NaN, 1);
    assertThat(t.shouldPrune()).isTrue();
    assertThat(attrs(study, t)).isEmpty();
  }

  @Test
  void prune_nanBeforeRungEnd_doesNotPrune() {
    Study study = study("sha-nan-early", Direction.MINIMIZE,
        new SuccessiveHalvingPruner(4, 2, 0, 0));
    Trial t = reported(study, Double.NaN, 3);
    assertThat(t.shouldPrune()).isFalse();
  }

  @Test
  void prune_minEarlyStoppingRate_movesFirstRungEnd() {
    Study study = study("sha-rate", Direction.MINIMIZE, new SuccessiveHalvingPruner(1, 2, 1, 0));
    reported(study, 1, 1).shouldPrune();
    Trial worse = reported(study, 2, 1);
    assertThat(worse.shouldPrune()).isFalse(); // rung 0 ends at 1 * 2^1 = 2
    worse.report(2, 2);
    assertThat(worse.shouldPrune()).isFalse(); // trial 0 has not reached step 2: first in rung
    Trial third = reported(study, 3, 2);
    assertThat(third.shouldPrune()).isTrue();
  }

  @Test
  void prune_bootstrapCount_prunesUntilRungHasMoreTrials() {
    Study study = study("sha-boot", Direction.MINIMIZE, new SuccessiveHalvingPruner(1, 2, 0, 1));
    Trial first = reported(study, 1, 1);
    assertThat(first.shouldPrune()).isTrue(); // only itself recorded rung 0
    Trial second = reported(study, 0.5, 1);
    assertThat(second.shouldPrune()).isFalse(); // two recorded it, and it is the best
  }

  @Test
  void prune_autoMinResource_waitsForCompleteTrialThenUsesLastStepOver100() {
    Study study = study("sha-auto", Direction.MINIMIZE, new SuccessiveHalvingPruner());
    Trial before = reported(study, 5, 1);
    assertThat(before.shouldPrune()).isFalse();
    assertThat(attrs(study, before)).isEmpty();
    study.tell(before, 5);
    Trial done = study.ask();
    done.report(1, 499);
    study.tell(done, 1); // last step 499 -> minResource max(499 / 100, 1) = 4
    Trial early = reported(study, 9, 3);
    assertThat(early.shouldPrune()).isFalse();
    assertThat(attrs(study, early)).isEmpty();
    early.report(9, 4);
    assertThat(early.shouldPrune()).isFalse(); // first to record rung 0
    assertThat(attrs(study, early)).containsOnlyKeys("completed_rung_0");
    assertThat(study.pruner()).hasToString(
        "SuccessiveHalvingPruner(minResource=4, reductionFactor=4, minEarlyStoppingRate=0,"
            + " bootstrapCount=0)");
  }

  @Test
  void prune_freshPrunerOnSameStorage_decidesTheSame() {
    Study study = study("sha-restart", Direction.MAXIMIZE,
        new SuccessiveHalvingPruner(1, 3, 0, 0));
    for (int i = 0; i < 6; i++) {
      reported(study, i, 2).shouldPrune();
    }
    Trial t = reported(study, 4.5, 2);
    Study restarted = Study.builder().name("sha-restart").direction(Direction.MAXIMIZE)
        .storage(study.storage()).loadIfExists(true).pruner(new SuccessiveHalvingPruner(1, 3, 0, 0))
        .build();
    // 7 values at rung 0 -> top 7 / 3 = 2: {5, 4.5} go on; at rung 1 (step 3) not reached
    assertThat(restarted.pruner().prune(restarted, frozen(study, t.number()))).isFalse();
    Trial worse = reported(restarted, 3.9, 2); // 8 values: top 8 / 3 = 2 are {5, 4.5}
    assertThat(new SuccessiveHalvingPruner(1, 3, 0, 0).prune(restarted,
        frozen(restarted, worse.number()))).isTrue();
  }

  @Test
  void isPromotable_maximize_usesTopFraction() {
    var values = new java.util.ArrayList<>(java.util.List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
    assertThat(SuccessiveHalvingPruner.isPromotable(5, values, 3, Direction.MAXIMIZE)).isTrue();
    assertThat(SuccessiveHalvingPruner.isPromotable(4, values, 3, Direction.MAXIMIZE)).isFalse();
    assertThat(SuccessiveHalvingPruner.isPromotable(2, values, 3, Direction.MINIMIZE)).isTrue();
    assertThat(SuccessiveHalvingPruner.isPromotable(3, values, 3, Direction.MINIMIZE)).isFalse();
  }

  @Test
  void constructor_minResourceZero_throws() {
    assertThatThrownBy(() -> new SuccessiveHalvingPruner(0, 4, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minResource must be >= 1 or 'auto', but got 0");
  }

  @Test
  void constructor_reductionFactorOne_throws() {
    assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 1, 0, 0))
        .hasMessage("reductionFactor must be >= 2, but got 1");
  }

  @Test
  void constructor_negativeRate_throws() {
    assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 4, -1, 0))
        .hasMessage("minEarlyStoppingRate must be >= 0, but got -1");
  }

  @Test
  void constructor_negativeBootstrap_throws() {
    assertThatThrownBy(() -> new SuccessiveHalvingPruner(1, 4, 0, -2))
        .hasMessage("bootstrapCount must be >= 0, but got -2");
  }

  @Test
  void of_autoWithBootstrap_throws() {
    assertThatThrownBy(() -> SuccessiveHalvingPruner.of("auto", 4, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrapCount must be 0 when minResource is 'auto', but got 3");
  }

  @Test
  void of_text_parsesAutoAndNumbers() {
    assertThat(SuccessiveHalvingPruner.of(" Auto ", 3, 1, 0)).hasToString(
        "SuccessiveHalvingPruner(minResource=auto, reductionFactor=3, minEarlyStoppingRate=1,"
            + " bootstrapCount=0)");
    assertThat(SuccessiveHalvingPruner.of("5", 2, 0, 1)).hasToString(
        "SuccessiveHalvingPruner(minResource=5, reductionFactor=2, minEarlyStoppingRate=0,"
            + " bootstrapCount=1)");
    assertThatThrownBy(() -> SuccessiveHalvingPruner.of("often", 4, 0, 0))
        .hasMessage("minResource must be >= 1 or 'auto', but got 'often'");
    assertThatThrownBy(() -> SuccessiveHalvingPruner.of("-3", 4, 0, 0))
        .hasMessage("minResource must be >= 1 or 'auto', but got '-3'");
  }
}
