package io.sparktune.pruner;

import static io.sparktune.pruner.Fixtures.frozen;
import static io.sparktune.pruner.Fixtures.reported;
import static io.sparktune.pruner.Fixtures.study;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class HyperbandPrunerTest {

  @ParameterizedTest
  @CsvSource({"1, 27, 3, 4", "1, 243, 3, 6", "1, 100, 3, 5", "1, 1, 3, 1", "2, 8, 2, 3",
      "3, 80, 3, 3"})
  void nBrackets_fixedResources_isFloorLogPlusOne(int min, int max, int eta, int expected) {
    assertThat(new HyperbandPruner(min, max, eta, 0).nBrackets()).isEqualTo(expected);
  }

  @Test
  void bracketOf_studyAndNumber_matchesCrc32GoldenValues() {
    // budgets [27, 12, 6, 4] (total 49); ids computed independently with Python's binascii.crc32
    HyperbandPruner pruner = new HyperbandPruner(1, 27, 3, 0);
    List<Integer> ids = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      ids.add(pruner.bracketOf("hb", n));
    }
    assertThat(ids).containsExactly(0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0);
  }

  @Test
  void prune_trialsOfOtherBrackets_doNotCompete() {
    Study study = study("hb", Direction.MINIMIZE, new HyperbandPruner(1, 27, 3, 0));
    Trial t0 = reported(study, 1, 1); // bracket 0: rung 0 ends at step 1
    assertThat(t0.shouldPrune()).isFalse();
    Trial t1 = reported(study, 100, 3); // bracket 1: rung 0 ends at step 3
    assertThat(t1.shouldPrune()).isFalse(); // worse than t0, but alone in its bracket
    Trial t2 = reported(study, 200, 3); // bracket 1
    assertThat(t2.shouldPrune()).isTrue();
    Trial t3 = reported(study, 50, 1); // bracket 0
    assertThat(t3.shouldPrune()).isTrue();
    for (int n = 4; n < 10; n++) {
      study.ask();
    }
    Trial t10 = reported(study, 1000, 26); // bracket 3: rung 0 ends at step 27
    assertThat(t10.shouldPrune()).isFalse();
    assertThat(frozen(study, 10).systemAttrs()).isEmpty();
    t10.report(1000, 27);
    assertThat(t10.shouldPrune()).isFalse();
    assertThat(frozen(study, 10).systemAttrs()).containsOnlyKeys("completed_rung_0");
  }

  @Test
  void prune_autoMaxResource_waitsForCompleteTrial() {
    HyperbandPruner pruner = new HyperbandPruner();
    Study study = study("hb-auto", Direction.MAXIMIZE, pruner);
    Trial t0 = reported(study, 1, 5);
    assertThat(t0.shouldPrune()).isFalse();
    assertThat(pruner.nBrackets()).isZero();
    assertThat(pruner.bracketOf("hb-auto", 0)).isEqualTo(-1);
    t0.report(1, 26);
    study.tell(t0, 1);
    Trial t1 = reported(study, 0.5, 1);
    t1.shouldPrune();
    assertThat(pruner.nBrackets()).isEqualTo(4);
    assertThat(pruner).hasToString(
        "HyperbandPruner(minResource=1, maxResource=27, reductionFactor=3, bootstrapCount=0)");
  }

  @Test
  void constructor_minResourceZero_throws() {
    assertThatThrownBy(() -> new HyperbandPruner(0, 10, 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minResource must be >= 1, but got 0");
  }

  @Test
  void constructor_maxBelowMin_throws() {
    assertThatThrownBy(() -> new HyperbandPruner(5, 3, 3, 0))
        .hasMessage("maxResource must be >= minResource (5) or 'auto', but got 3");
  }

  @Test
  void constructor_reductionFactorOne_throws() {
    assertThatThrownBy(() -> new HyperbandPruner(1, 10, 1, 0))
        .hasMessage("reductionFactor must be >= 2, but got 1");
  }

  @Test
  void constructor_negativeBootstrap_throws() {
    assertThatThrownBy(() -> new HyperbandPruner(1, 10, 3, -1))
        .hasMessage("bootstrapCount must be >= 0, but got -1");
  }

  @Test
  void of_autoWithBootstrap_throws() {
    assertThatThrownBy(() -> HyperbandPruner.of(1, "auto", 3, 2))
        .hasMessage("bootstrapCount must be 0 when maxResource is 'auto', but got 2");
  }

  @Test
  void of_text_parsesAutoAndNumbers() {
    assertThat(HyperbandPruner.of(1, "AUTO", 3, 0).nBrackets()).isZero();
    assertThat(HyperbandPruner.of(1, "81", 3, 0).nBrackets()).isEqualTo(5);
    assertThat(HyperbandPruner.withAutoMaxResource(2, 2)).hasToString(
        "HyperbandPruner(minResource=2, maxResource=auto, reductionFactor=2, bootstrapCount=0)");
    assertThatThrownBy(() -> HyperbandPruner.of(1, "lots", 3, 0))
        .hasMessage("maxResource must be >= 1 or 'auto', but got 'lots'");
  }
}
