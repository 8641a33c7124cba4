package io.sparktune.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Trial} an objective can get must do, whatever its backend (a study, fixed
 * values, a Spark task reporting to the driver): one test class per backend implements it.
 */
public interface TrialContract {
  /** Every parameter a contract test suggests, one of each distribution kind. */
  Map<String, Distribution> SPACE = space();
  /**
   * A value for each of {@link #SPACE}, some in a form other than the normalised one (an
   * {@code Integer} for an int, an {@code Integer} for a float), for backends that take values.
   */
  Map<String, Object> VALUES = values();
  String WARNING = "WARN The reported value is ignored because this `step` %d is already"
      + " reported.";

  /** A fresh RUNNING trial that can suggest every parameter of {@link #SPACE}. */
  Trial newTrial();

  /** Whether the trial's values are {@link #VALUES} (false for a study that samples). */
  boolean givesValues();

  /** The reports the backend recorded for {@code trial}. */
  SortedMap<Integer, Double> reported(Trial trial);

  /** The user attributes the backend recorded for {@code trial}. */
  Map<String, Object> userAttrs(Trial trial);

  private static Map<String, Distribution> space() {
    Map<String, Distribution> s = new LinkedHashMap<>();
    s.put("f", FloatDistribution.uniform(-1, 1));
    s.put("flog", FloatDistribution.logUniform(1e-3, 1));
    s.put("fstep", FloatDistribution.stepped(0, 1, 0.25));
    s.put("i", IntDistribution.uniform(1, 5));
    s.put("ilog", IntDistribution.logUniform(1, 100));
    s.put("istep", IntDistribution.stepped(0, 10, 2));
    s.put("cs", CategoricalDistribution.of("a", "b", "c"));
    s.put("cn", CategoricalDistribution.of(1, 2.5, 7L));
    s.put("cb", CategoricalDistribution.of(true, false));
    return java.util.Collections.unmodifiableMap(s);
  }

  private static Map<String, Object> values() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("f", 1); // an Integer for a float: the trial hands out 1.0
    v.put("flog", 0.01);
    v.put("fstep", 0.75);
    v.put("i", 3); // an Integer for an int: the trial hands out 3L
    v.put("ilog", 10L);
    v.put("istep", 4);
    v.put("cs", "b");
    v.put("cn", 2.5);
    v.put("cb", false);
    return java.util.Collections.unmodifiableMap(v);
  }

  @Test
  default void suggest_eachFloatKind_returnsDoubleInItsDistribution() {
    Trial t = newTrial();
    double f = t.suggestFloat("f", -1, 1);
    double flog = t.suggestLogFloat("flog", 1e-3, 1);
    double fstep = t.suggestFloat("fstep", 0, 1, 0.25);
    assertThat(f).isBetween(-1.0, 1.0);
    assertThat(flog).isBetween(1e-3, 1.0);
    assertThat(fstep).isIn(0.0, 0.25, 0.5, 0.75, 1.0);
    assertThat(t.params()).containsExactly(Map.entry("f", f), Map.entry("flog", flog),
        Map.entry("fstep", fstep));
    assertThat(t.params().values()).allMatch(v -> v instanceof Double);
    if (givesValues()) {
      assertThat(List.of(f, flog, fstep)).containsExactly(1.0, 0.01, 0.75);
    }
  }

  @Test
  default void suggest_eachIntKind_returnsLongInItsDistribution() {
    Trial t = newTrial();
    long i = t.suggestInt("i", (IntDistribution) SPACE.get("i"));
    int ilog = t.suggestLogInt("ilog", 1, 100);
    int istep = t.suggestInt("istep", 0, 10, 2);
    assertThat(i).isBetween(1L, 5L);
    assertThat(ilog).isBetween(1, 100);
    assertThat(istep % 2).isZero();
    assertThat(t.params().values()).allMatch(v -> v instanceof Long);
    assertThat(t.params()).containsExactly(Map.entry("i", i), Map.entry("ilog", (long) ilog),
        Map.entry("istep", (long) istep));
    if (givesValues()) {
      assertThat(List.of(i, (long) ilog, (long) istep)).containsExactly(3L, 10L, 4L);
    }
  }

  @Test
  default void suggest_categoricalOfStringsNumbersBooleans_returnsTheChoice() {
    Trial t = newTrial();
    String s = t.suggestCategorical("cs", List.of("a", "b", "c"));
    Object n = t.suggestCategorical("cn", (CategoricalDistribution) SPACE.get("cn"));
    Boolean b = t.suggestCategorical("cb", List.of(true, false));
    assertThat(s).isIn("a", "b", "c");
    assertThat(n).isIn(1, 2.5, 7L);
    assertThat(b).isIn(true, false);
    if (givesValues()) {
      assertThat(List.of(s, n, b)).containsExactly("b", 2.5, false);
    }
  }

  @Test
  default void suggest_sameNameAndDistributionTwice_returnsSameValue() {
    Trial t = newTrial();
    double a = t.suggestFloat("f", -1, 1);
    long i = t.suggestInt("i", 1, 5);
    Object c = t.suggestCategorical("cs", List.of("a", "b", "c"));
    assertThat(t.suggestFloat("f", -1, 1)).isEqualTo(a);
    assertThat(t.suggestInt("i", IntDistribution.uniform(1, 5))).isEqualTo(i);
    assertThat(t.suggestCategorical("cs", List.of("a", "b", "c"))).isEqualTo(c);
    assertThat(t.params()).containsOnlyKeys("f", "i", "cs");
  }

  @Test
  default void suggest_sameNameOtherDistribution_throwsExactMessage() {
    Trial t = newTrial();
    t.suggestFloat("f", -1, 1);
    assertThatThrownBy(() -> t.suggestInt("f", 1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'f' was suggested with FloatDistribution[low=-1.0, high=1.0, "
            + "log=false, step=null], but got IntDistribution[low=1, high=5, log=false, step=1]");
    assertThatThrownBy(() -> t.suggestFloat("f", -1, 0.5))
        .hasMessage("parameter 'f' was suggested with FloatDistribution[low=-1.0, high=1.0, "
            + "log=false, step=null], but got FloatDistribution[low=-1.0, high=0.5, log=false, "
            + "step=null]");
    assertThat(t.params()).containsOnlyKeys("f");
  }

  @Test
  default void suggest_emptyNameOrNullDistribution_throwsExactMessage() {
    Trial t = newTrial();
    assertThatThrownBy(() -> t.suggestFloat("", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be empty, but got ''");
    assertThatThrownBy(() -> t.suggestFloat("f", (FloatDistribution) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("distribution of 'f' must not be null, but got null");
  }

  @Test
  default void params_inSuggestionOrder() {
    Trial t = newTrial();
    t.suggestCategorical("cb", List.of(true, false));
    t.suggestFloat("f", -1, 1);
    t.suggestInt("istep", 0, 10, 2);
    t.suggestFloat("f", -1, 1);
    assertThat(t.params().keySet()).containsExactly("cb", "f", "istep");
    assertThatThrownBy(() -> t.params().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  default void report_newStepsKept_stepAlreadyReportedIgnoredWithOptunasWarning() {
    Trial t = newTrial();
    try (LogCapture log = LogCapture.of(BackedTrial.class)) {
      t.report(0.5, 0);
      t.report(0.25, 7);
      assertThat(log.lines()).isEmpty();
      t.report(0.9, 7);
      assertThat(reported(t)).containsExactly(Map.entry(0, 0.5), Map.entry(7, 0.25));
      assertThat(log.lines()).containsExactly(String.format(WARNING, 7));
    }
  }

  @Test
  default void report_negativeStep_throwsExactMessage() {
    Trial t = newTrial();
    assertThatThrownBy(() -> t.report(0.5, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be >= 0, but got -1");
    assertThat(reported(t)).isEmpty();
  }

  @Test
  default void shouldPrune_freshTrialWithOneReport_isFalse() {
    Trial t = newTrial();
    t.report(0.5, 0);
    assertThat(t.shouldPrune()).isFalse();
  }

  @Test
  default void setUserAttr_recordedAndEmptyKeyThrows() {
    Trial t = newTrial();
    t.setUserAttr("fold", 3);
    t.setUserAttr("note", "ok");
    t.setUserAttr("fold", 4);
    assertThat(userAttrs(t)).containsEntry("fold", 4).containsEntry("note", "ok");
    assertThatThrownBy(() -> t.setUserAttr("", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must not be empty, but got ''");
  }
}
