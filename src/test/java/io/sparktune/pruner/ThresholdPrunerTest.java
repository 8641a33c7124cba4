package io.sparktune.pruner;

import static io.sparktune.pruner.Fixtures.curve;
import static io.sparktune.pruner.Fixtures.study;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import org.junit.jupiter.api.Test;

final class ThresholdPrunerTest {

  @Test
  void prune_valueAboveUpper_prunes() {
    Study study = study("th-up", Direction.MINIMIZE, ThresholdPruner.upper(1.0));
    assertThat(curve(study, 0.0, 0.5, 1.0).shouldPrune()).isFalse();
    assertThat(curve(study, 0.0, 0.5, 1.2).shouldPrune()).isTrue();
  }

  @Test
  void prune_valueBelowLower_prunes() {
    Study study = study("th-low", Direction.MAXIMIZE, ThresholdPruner.lower(0.0));
    assertThat(curve(study, 100, 0.0).shouldPrune()).isFalse();
    assertThat(curve(study, 100, -1).shouldPrune()).isTrue();
  }

  @Test
  void prune_onlyLatestValueCounts_earlierOutlierIgnored() {
    Study study = study("th-latest", Direction.MINIMIZE, ThresholdPruner.between(0, 1));
    assertThat(curve(study, 5, 0.5).shouldPrune()).isFalse();
  }

  @Test
  void prune_nan_prunes() {
    Study study = study("th-nan", Direction.MINIMIZE, ThresholdPruner.upper(1.0));
    assertThat(curve(study, 0.1, Double.NaN).shouldPrune()).isTrue();
  }

  @Test
  void prune_noReport_doesNotPrune() {
    Study study = study("th-none", Direction.MINIMIZE, ThresholdPruner.upper(1.0));
    assertThat(study.ask().shouldPrune()).isFalse();
  }

  @Test
  void prune_duringWarmup_doesNotPrune() {
    Study study = study("th-warm", Direction.MINIMIZE,
        new ThresholdPruner(Double.NEGATIVE_INFINITY, 1.0, 2, 1));
    Trial t = study.ask();
    t.report(5, 0);
    assertThat(t.shouldPrune()).isFalse();
    t.report(5, 1);
    assertThat(t.shouldPrune()).isFalse();
    t.report(5, 2);
    assertThat(t.shouldPrune()).isTrue();
  }

  @Test
  void prune_intervalSteps_checksFirstReportOfEachInterval() {
    Study study = study("th-int", Direction.MINIMIZE,
        new ThresholdPruner(Double.NEGATIVE_INFINITY, 1.0, 0, 3));
    Trial t = study.ask();
    t.report(0, 0);
    t.report(5, 1);
    assertThat(t.shouldPrune()).isFalse(); // step 1 is inside the interval [0, 3)
    t.report(5, 2);
    assertThat(t.shouldPrune()).isFalse();
    t.report(5, 4);
    assertThat(t.shouldPrune()).isTrue(); // first report of the interval [3, 6)
    t.report(5, 5);
    assertThat(t.shouldPrune()).isFalse();
  }

  @Test
  void constructor_noFiniteBound_throws() {
    assertThatThrownBy(() -> new ThresholdPruner(Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lower or upper must be finite, but got lower=-Infinity, upper=Infinity");
  }

  @Test
  void constructor_lowerAboveUpper_throws() {
    assertThatThrownBy(() -> ThresholdPruner.between(2, 1))
        .hasMessage("lower must be <= upper (1), but got 2");
  }

  @Test
  void constructor_nanBound_throws() {
    assertThatThrownBy(() -> ThresholdPruner.lower(Double.NaN))
        .hasMessage("lower must not be NaN, but got NaN");
    assertThatThrownBy(() -> ThresholdPruner.upper(Double.NaN))
        .hasMessage("upper must not be NaN, but got NaN");
  }

  @Test
  void constructor_badSteps_throw() {
    assertThatThrownBy(() -> new ThresholdPruner(0, 1, -1, 1))
        .hasMessage("nWarmupSteps must be >= 0, but got -1");
    assertThatThrownBy(() -> new ThresholdPruner(0, 1, 0, 0))
        .hasMessage("intervalSteps must be >= 1, but got 0");
  }

  @Test
  void toString_showsBounds() {
    assertThat(ThresholdPruner.between(0, 0.5)).hasToString(
        "ThresholdPruner(lower=0, upper=0.5, nWarmupSteps=0, intervalSteps=1)");
  }
}
