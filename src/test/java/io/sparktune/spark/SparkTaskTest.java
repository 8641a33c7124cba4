package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.Distribution;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.LogCapture;
import io.sparktune.trial.TrialContract;
import io.sparktune.study.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trial a Spark task builds from the driver's choice of parameters, run here without Spark: every
 * declared parameter is already suggested, as on the driver.
 */
final class SparkTaskTest {
  private static final Map<String, Distribution> SPACE = TrialContract.SPACE;

  private static SparkTask task(io.sparktune.study.Objective body) {
    return new SparkTask(body, 9, TrialContract.VALUES, SPACE, null);
  }

  @Test
  void trial_declaredParametersSuggestedUpFront_inSpecOrderAndNormalised() {
    BackedTrial t = task(x -> 0).trial(io.sparktune.trial.FixedBackend.declared(
        TrialContract.VALUES));
    assertThat(t.number()).isEqualTo(9);
    assertThat(t.params().keySet()).containsExactlyElementsOf(SPACE.keySet());
    assertThat(t.params()).containsEntry("f", 1.0).containsEntry("i", 3L);
    assertThat(t.suggestFloat("f", -1, 1)).isEqualTo(1.0);
  }

  @Test
  void run_undeclaredOrOtherDistribution_failsTheTrialWithExactReason() {
    Outcome undeclared = task(t -> t.suggestFloat("y", 0, 1)).run();
    assertThat(undeclared).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) undeclared).reason()).isEqualTo("java.lang.IllegalArgumentException: parameter"
        + " 'y' must be declared in the study's space to run on an executor, but got an"
        + " undeclared one; declared: " + List.copyOf(SPACE.keySet()));
    Outcome other = task(t -> t.suggestInt("f", 1, 5)).run();
    assertThat(((Outcome.Failed) other).reason()).isEqualTo("java.lang.IllegalArgumentException: parameter 'f'"
        + " was suggested with FloatDistribution[low=-1.0, high=1.0, log=false, step=null], but"
        + " got IntDistribution[low=1, high=5, log=false, step=1]");
  }

  @Test
  void run_reportsAndUserAttrsShippedBack_reReportWarned() {
    try (LogCapture log = LogCapture.of(BackedTrial.class)) {
      Outcome done = task(t -> {
        t.report(0.3, 0);
        t.report(0.4, 0);
        t.setUserAttr("fold", 2);
        return t.suggestFloat("fstep", 0, 1, 0.25);
      }).run();
      assertThat(done).isEqualTo(new Outcome.Completed(0.75, done.info()));
      assertThat(done.info().reports()).containsExactly(Map.entry(0, 0.3));
      assertThat(done.info().userAttrs()).containsExactly(Map.entry("fold", 2));
      assertThat(done.info().systemAttrs()).containsEntry("executor", "driver");
      assertThat(log.lines()).containsExactly(String.format(TrialContract.WARNING, 0));
    }
  }
}
