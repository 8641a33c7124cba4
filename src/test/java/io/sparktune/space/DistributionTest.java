package io.sparktune.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.trial.FixedTrial;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DistributionTest {

  @Test
  void float_invalid_throwsExactMessages() {
    assertThatThrownBy(() -> FloatDistribution.uniform(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("low must be <= high, but got low=2, high=1");
    assertThatThrownBy(() -> FloatDistribution.logUniform(0, 1))
        .hasMessage("low must be > 0 for a log distribution, but got 0");
    assertThatThrownBy(() -> FloatDistribution.stepped(0, 1, 0))
        .hasMessage("step must be > 0, but got 0");
    assertThatThrownBy(() -> new FloatDistribution(1, 2, true, 0.5))
        .hasMessage("step and log cannot be used together, but got step=0.5 with log");
    assertThatThrownBy(() -> FloatDistribution.uniform(Double.NaN, 1))
        .hasMessage("low must be finite, but got NaN");
  }

  @Test
  void float_step_highAdjustedOntoGrid() {
    FloatDistribution d = FloatDistribution.stepped(0, 1, 0.3);
    assertThat(d.high()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(d.contains(0.6)).isTrue();
    assertThat(d.contains(0.5)).isFalse();
  }

  @Test
  void int_invalid_throwsExactMessages() {
    assertThatThrownBy(() -> IntDistribution.uniform(3, 1))
        .hasMessage("low must be <= high, but got low=3, high=1");
    assertThatThrownBy(() -> IntDistribution.logUniform(0, 10))
        .hasMessage("low must be >= 1 for a log distribution, but got 0");
    assertThatThrownBy(() -> IntDistribution.stepped(0, 10, 0))
        .hasMessage("step must be >= 1, but got 0");
    assertThatThrownBy(() -> new IntDistribution(1, 10, true, 2))
        .hasMessage("step must be 1 for a log distribution, but got 2");
    assertThat(IntDistribution.stepped(0, 10, 3).high()).isEqualTo(9);
  }

  @Test
  void categorical_invalid_throwsExactMessages() {
    assertThatThrownBy(() -> new CategoricalDistribution(java.util.List.of()))
        .hasMessage("choices must not be empty, but got []");
    assertThatThrownBy(() -> CategoricalDistribution.of("a", "a"))
        .hasMessage("choices must be distinct, but got [a, a]");
    assertThatThrownBy(() -> CategoricalDistribution.of("a", new Object()))
        .hasMessageStartingWith("choices must be strings, numbers, booleans or null, but got");
    CategoricalDistribution c = CategoricalDistribution.of("a", 2, false);
    assertThat(c.toInternal(2L)).isEqualTo(1);
    assertThat(c.toExternal(2)).isEqualTo(false);
    assertThatThrownBy(() -> c.toInternal("z"))
        .hasMessage("value must be one of [a, 2, false], but got z");
  }

  @Test
  void fixedTrial_returnsFixedValuesAndChecksThem() {
    FixedTrial t = new FixedTrial(Map.of("x", 0.5, "n", 3, "k", "b"));
    assertThat(t.suggestFloat("x", 0, 1)).isEqualTo(0.5);
    assertThat(t.suggestInt("n", 1, 5)).isEqualTo(3);
    assertThat(t.suggestCategorical("k", java.util.List.of("a", "b"))).isEqualTo("b");
    assertThat(t.shouldPrune()).isFalse();
    t.report(0.1, 0);
    assertThat(t.intermediateValues()).containsEntry(0, 0.1);
    assertThatThrownBy(() -> t.suggestFloat("missing", 0, 1))
        .hasMessageStartingWith("parameter 'missing' must have a fixed value, but got none");
    assertThatThrownBy(() -> new FixedTrial(Map.of("x", 5.0)).suggestFloat("x", 0, 1))
        .hasMessage("fixed value of 'x' must lie in FloatDistribution[low=0.0, high=1.0, "
            + "log=false, step=null], but got 5.0");
  }
}
