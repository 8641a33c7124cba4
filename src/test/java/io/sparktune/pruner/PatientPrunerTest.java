package io.sparktune.pruner;

import static io.sparktune.pruner.Fixtures.curve;
import static io.sparktune.pruner.Fixtures.study;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class PatientPrunerTest {

  @Test
  void prune_tooFewReports_doesNotPrune() {
    Study study = study("pa-few", Direction.MINIMIZE, PatientPruner.earlyStopping(2, 0));
    assertThat(curve(study, 1, 2, 3).shouldPrune()).isFalse(); // 3 <= patience + 1
  }

  @Test
  void prune_minimizeNoImprovementForPatience_prunes() {
    Study study = study("pa-min", Direction.MINIMIZE, PatientPruner.earlyStopping(2, 0));
    assertThat(curve(study, 1, 2, 3, 4).shouldPrune()).isTrue();
    assertThat(curve(study, 1, 2, 3, 0.5).shouldPrune()).isFalse();
    assertThat(curve(study, 1, 2, 1, 4).shouldPrune()).isFalse(); // equal is not worse
  }

  @Test
  void prune_maximizeNoImprovementForPatience_prunes() {
    Study study = study("pa-max", Direction.MAXIMIZE, PatientPruner.earlyStopping(1, 0));
    assertThat(curve(study, 5, 4, 3).shouldPrune()).isTrue();
    assertThat(curve(study, 5, 4, 6).shouldPrune()).isFalse();
  }

  @Test
  void prune_minDelta_toleratesSmallRegressions() {
    Study study = study("pa-delta", Direction.MINIMIZE, PatientPruner.earlyStopping(1, 0.5));
    assertThat(curve(study, 1, 1.4, 1.3).shouldPrune()).isFalse();
    assertThat(curve(study, 1, 1.6, 1.7).shouldPrune()).isTrue();
  }

  @Test
  void prune_nanReports_areIgnored() {
    Study study = study("pa-nan", Direction.MINIMIZE, PatientPruner.earlyStopping(1, 0));
    assertThat(curve(study, 1, Double.NaN, 2).shouldPrune()).isTrue();
    assertThat(curve(study, Double.NaN, Double.NaN, 2).shouldPrune()).isFalse();
  }

  @Test
  void prune_wrappedPruner_consultedOnlyWhenStalled() {
    AtomicInteger calls = new AtomicInteger();
    Pruner wrapped = (s, t) -> {
      calls.incrementAndGet();
      return t.number() == 1;
    };
    Study study = study("pa-wrap", Direction.MINIMIZE, new PatientPruner(wrapped, 0));
    assertThat(curve(study, 2, 1).shouldPrune()).isFalse(); // improving
    assertThat(calls).hasValue(0);
    assertThat(curve(study, 1, 2).shouldPrune()).isTrue(); // stalled, wrapped says yes
    assertThat(curve(study, 1, 2).shouldPrune()).isFalse(); // stalled, wrapped says no
    assertThat(calls).hasValue(2);
  }

  @Test
  void constructor_negativePatience_throws() {
    assertThatThrownBy(() -> new PatientPruner(new NopPruner(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patience must be >= 0, but got -1");
  }

  @Test
  void constructor_negativeOrNanMinDelta_throws() {
    assertThatThrownBy(() -> PatientPruner.earlyStopping(1, -0.5))
        .hasMessage("minDelta must be >= 0, but got -0.5");
    assertThatThrownBy(() -> PatientPruner.earlyStopping(1, Double.NaN))
        .hasMessage("minDelta must be >= 0, but got NaN");
  }
}
