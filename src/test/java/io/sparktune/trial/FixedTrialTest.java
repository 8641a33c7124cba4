package io.sparktune.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** {@link TrialContract} for the fixed backend, through the public {@link FixedTrial}. */
final class FixedTrialTest implements TrialContract {

  @Override
  public Trial newTrial() {
    return new FixedTrial(VALUES, 5);
  }

  @Override
  public boolean givesValues() {
    return true;
  }

  @Override
  public SortedMap<Integer, Double> reported(Trial trial) {
    return ((FixedTrial) trial).intermediateValues();
  }

  @Override
  public Map<String, Object> userAttrs(Trial trial) {
    return ((FixedTrial) trial).userAttrs();
  }

  @Test
  void fixedTrial_numberAndToString() {
    FixedTrial t = new FixedTrial(VALUES, 5);
    t.suggestInt("i", 1, 5);
    assertThat(t.number()).isEqualTo(5);
    assertThat(new FixedTrial(Map.of()).number()).isZero();
    assertThat(t).hasToString("Trial 5 {i=3}");
  }

  @Test
  void fixedTrial_missingOrOutsideOrNull_throwExactMessages() {
    assertThatThrownBy(() -> new FixedTrial(Map.of("x", 1.0)).suggestFloat("y", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'y' must have a fixed value, but got none; fixed: [x]");
    assertThatThrownBy(() -> new FixedTrial(Map.of("n", 4)).suggestInt("n", 0, 10, 3))
        .hasMessage("fixed value of 'n' must lie in IntDistribution[low=0, high=9, log=false,"
            + " step=3], but got 4");
    assertThatThrownBy(() -> new FixedTrial(null))
        .hasMessage("params must not be null, but got null");
  }

  @Test
  void declaredBackend_undeclaredName_throwsMessageNamingTheDeclared() {
    BackedTrial t = new BackedTrial(2, FixedBackend.declared(Map.of("x", 0.5)));
    assertThatThrownBy(() -> t.suggestFloat("y", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'y' must be declared in the study's space to run on an executor,"
            + " but got an undeclared one; declared: [x]");
    assertThat(t.suggestFloat("x", 0, 1)).isEqualTo(0.5);
  }
}
