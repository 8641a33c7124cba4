package io.sparktune.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.storage.DuplicateStudyException;
import io.sparktune.storage.Storage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class StudyTest {

  private static Study study(Direction direction) {
    return Study.builder().name("s").direction(direction).sampler(new RandomSampler(1))
        .pruner(new NopPruner()).build();
  }

  @Test
  void optimize_minimize_bestIsLowest() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> Math.pow(t.suggestFloat("x", -10, 10) - 2, 2), 50);
    double min = study.trials().stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
    assertThat(study.bestValue()).isEqualTo(min);
    assertThat((Double) study.bestParams().get("x")).isBetween(0.0, 4.0);
  }

  @Test
  void optimize_maximize_bestIsHighest() {
    Study study = study(Direction.MAXIMIZE);
    study.optimize(t -> -Math.pow(t.suggestFloat("x", -10, 10) - 2, 2), 50);
    double max = study.trials().stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
    assertThat(study.bestValue()).isEqualTo(max);
    assertThat(study.bestTrial().value()).isEqualTo(max);
  }

  @Test
  void optimize_objectiveThrows_failsThatTrialOnly() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> {
      double x = t.suggestFloat("x", 0, 1);
      if (t.number() == 3) {
        throw new java.io.IOException("disk full");
      }
      return x;
    }, 6);
    assertThat(study.stateCounts()).containsEntry(TrialState.FAIL, 1)
        .containsEntry(TrialState.COMPLETE, 5);
    FrozenTrial failed = study.trials().get(3);
    assertThat(failed.state()).isEqualTo(TrialState.FAIL);
    assertThat(failed.value()).isNull();
    assertThat(failed.systemAttrs()).containsEntry("fail_reason",
        "java.io.IOException: disk full");
  }

  @Test
  void optimize_nanAndAssertionError_failTrialsOnly() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> {
      if (t.number() == 0) {
        return Double.NaN;
      }
      if (t.number() == 1) {
        throw new AssertionError("bad invariant");
      }
      return 1.0;
    }, 3);
    assertThat(study.trials()).extracting(FrozenTrial::state)
        .containsExactly(TrialState.FAIL, TrialState.FAIL, TrialState.COMPLETE);
    assertThat(study.trials().get(0).systemAttrs()).containsEntry("fail_reason",
        "The value NaN is not acceptable.");
  }

  @Test
  void optimize_trialTimeout_failsSlowTrialOnly() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> {
      if (t.number() == 1) {
        Thread.sleep(10_000);
      }
      return t.number();
    }, OptimizeOptions.builder().nTrials(3).trialTimeout(Duration.ofMillis(200)).build());
    assertThat(study.trials()).extracting(FrozenTrial::state)
        .containsExactly(TrialState.COMPLETE, TrialState.FAIL, TrialState.COMPLETE);
    assertThat(study.trials().get(1).systemAttrs()).containsEntry("fail_reason",
        "timed out after 0.2 s");
  }

  @Test
  void optimize_prunedSignal_marksPrunedWithLastValue() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> {
      t.report(5.0, 0);
      t.report(4.0, 1);
      throw new TrialPrunedException();
    }, 1);
    FrozenTrial t = study.trials().get(0);
    assertThat(t.state()).isEqualTo(TrialState.PRUNED);
    assertThat(t.value()).isEqualTo(4.0);
    assertThat(t.intermediateValues()).containsEntry(0, 5.0).containsEntry(1, 4.0);
  }

  @Test
  void optimize_medianPruner_prunesBadCurves() {
    Study study = Study.builder().sampler(new RandomSampler(3))
        .pruner(new MedianPruner(3, 0, 1, 1)).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", 0, 1);
      double bad = t.number() >= 3 && t.number() % 2 == 1 ? 10 : 0;
      for (int step = 0; step < 5; step++) {
        t.report(bad + x + 5 - step, step);
        if (t.shouldPrune()) {
          throw new TrialPrunedException();
        }
      }
      return bad + x;
    }, 12);
    assertThat(study.trials()).filteredOn(t -> t.number() >= 3 && t.number() % 2 == 1)
        .allMatch(t -> t.state() == TrialState.PRUNED);
    assertThat(study.trials()).filteredOn(t -> t.number() < 3)
        .allMatch(t -> t.state() == TrialState.COMPLETE);
  }

  @Test
  void enqueueTrial_runsFixedParamsFirst() {
    Study study = study(Direction.MINIMIZE);
    study.enqueueTrial(Map.of("x", 0.25, "n", 3));
    study.optimize(t -> t.suggestFloat("x", 0, 1) + t.suggestInt("n", 1, 5), 2);
    assertThat(study.trials().get(0).params()).containsEntry("x", 0.25).containsEntry("n", 3L);
    assertThat(study.trials().get(0).value()).isEqualTo(3.25);
  }

  @Test
  void enqueueTrial_valueOutsideDistribution_failsThatTrial() {
    Study study = study(Direction.MINIMIZE);
    study.enqueueTrial(Map.of("x", 7.0));
    study.optimize(t -> t.suggestFloat("x", 0, 1), 2);
    assertThat(study.trials().get(0).systemAttrs().get("fail_reason")).isEqualTo(
        "java.lang.IllegalArgumentException: enqueued value of 'x' must lie in "
            + "FloatDistribution[low=0.0, high=1.0, log=false, step=null], but got 7.0");
    assertThat(study.trials().get(1).state()).isEqualTo(TrialState.COMPLETE);
  }

  @Test
  void suggest_sameNameTwice_returnsSameValue() {
    Study study = study(Direction.MINIMIZE);
    Trial t = study.ask();
    double a = t.suggestFloat("x", 0, 1);
    assertThat(t.suggestFloat("x", 0, 1)).isEqualTo(a);
    assertThatThrownBy(() -> t.suggestInt("x", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'x' was suggested with FloatDistribution[low=0.0, high=1.0, "
            + "log=false, step=null], but got IntDistribution[low=0, high=1, log=false, step=1]");
  }

  @Test
  void askTell_roundTrip() {
    Study study = study(Direction.MAXIMIZE);
    Trial t = study.ask(SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1))
        .add("n", IntDistribution.uniform(1, 3)).build());
    assertThat(t.params()).containsOnlyKeys("x", "n");
    FrozenTrial done = study.tell(t, 0.5);
    assertThat(done.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(study.bestTrial().number()).isEqualTo(t.number());
  }

  @Test
  void tell_twice_throwsExactMessage() {
    Study study = study(Direction.MINIMIZE);
    Trial t = study.ask();
    study.tell(t, 1.0);
    assertThatThrownBy(() -> study.tell(t, 2.0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 0 is COMPLETE and cannot be told again");
  }

  @Test
  void tell_unknownNumber_throwsExactMessage() {
    Study study = study(Direction.MINIMIZE);
    assertThatThrownBy(() -> study.tell(99, 1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trial number must refer to a trial of study 's', but got 99");
  }

  @Test
  void tell_badStateOrValue_throwsExactMessages() {
    Study study = study(Direction.MINIMIZE);
    Trial t = study.ask();
    assertThatThrownBy(() -> study.tell(t.number(), TrialState.RUNNING, 1.0))
        .hasMessage("state must be one of [COMPLETE, PRUNED, FAIL], but got RUNNING");
    assertThatThrownBy(() -> study.tell(t.number(), TrialState.COMPLETE, null))
        .hasMessage("value must be given when state is COMPLETE, but got null");
    assertThatThrownBy(() -> study.tell(t.number(), TrialState.FAIL, 1.0))
        .hasMessage("value must be null when state is FAIL, but got 1.0");
    assertThat(study.tell(t.number(), TrialState.PRUNED, null).state())
        .isEqualTo(TrialState.PRUNED);
  }

  @Test
  void tell_nan_failsTrial() {
    Study study = study(Direction.MINIMIZE);
    Trial t = study.ask();
    assertThat(study.tell(t, Double.NaN).state()).isEqualTo(TrialState.FAIL);
  }

  @Test
  void reportAndSuggest_afterTell_throwExactMessages() {
    Study study = study(Direction.MINIMIZE);
    Trial t = study.ask();
    study.tell(t, 1.0);
    assertThatThrownBy(() -> t.report(1.0, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 0 is COMPLETE and cannot be reported to");
    assertThatThrownBy(() -> t.suggestFloat("y", 0, 1))
        .hasMessage("trial 0 is COMPLETE and cannot suggest parameters");
    assertThatThrownBy(() -> t.report(1.0, -1)).hasMessage("step must be >= 0, but got -1");
  }

  @Test
  void bestTrial_noneComplete_throwsExactMessage() {
    Study study = study(Direction.MINIMIZE);
    assertThatThrownBy(study::bestTrial).isInstanceOf(IllegalStateException.class)
        .hasMessage("bestTrial is undefined: no trial of study 's' is COMPLETE yet");
  }

  @Test
  void builder_duplicateName_throwsUnlessLoad() {
    Storage storage = Storage.inMemory();
    Study.builder().name("a").storage(storage).build();
    assertThatThrownBy(() -> Study.builder().name("a").storage(storage).build())
        .isInstanceOf(DuplicateStudyException.class)
        .hasMessage("study name must be unique in the storage, but got 'a' which already exists"
            + " (load it instead)");
    assertThat(Study.builder().name("a").storage(storage).loadIfExists(true).build().studyName())
        .isEqualTo("a");
    assertThatThrownBy(() -> Study.builder().name("a").storage(storage).loadIfExists(true)
        .direction(Direction.MAXIMIZE).build())
        .hasMessage("direction must match stored study 'a' (minimize), but got maximize");
  }

  @Test
  void optimize_callbacksAndStop() {
    Study study = study(Direction.MINIMIZE);
    List<Integer> seen = new ArrayList<>();
    study.optimize(t -> t.suggestFloat("x", 0, 1), OptimizeOptions.builder().nTrials(100)
        .callback((s, t) -> {
          seen.add(t.number());
          if (t.number() == 4) {
            s.stop();
          }
        }).build());
    assertThat(seen).containsExactly(0, 1, 2, 3, 4);
    assertThat(study.trials()).hasSize(5);
  }

  @Test
  void optimize_timeout_stopsStartingTrials() {
    VirtualTicker clock = new VirtualTicker();
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(new RandomSampler(1))
        .ticker(clock).build();
    AtomicInteger runs = new AtomicInteger();
    study.optimize(t -> {
      runs.incrementAndGet();
      clock.advance(50); // each trial takes 50 ms of the study's time
      return 0;
    }, OptimizeOptions.builder().timeout(Duration.ofMillis(300)).build());
    assertThat(runs.get()).isEqualTo(6); // started at 0, 50, ..., 250 ms; none at 300
    assertThat(study.trials()).allMatch(t -> t.state() == TrialState.COMPLETE);
  }

  @Test
  void optimize_timeout_cancelsTheRunningTrial() {
    VirtualTicker clock = new VirtualTicker();
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(new RandomSampler(1))
        .ticker(clock).build();
    study.optimize(t -> {
      if (t.number() == 2) {
        clock.advance(500);
        Thread.sleep(600_000); // interrupted by the cancellation
      }
      return t.number();
    }, OptimizeOptions.builder().timeout(Duration.ofMillis(300)).parallelism(1).build());
    assertThat(study.trials()).extracting(FrozenTrial::state)
        .containsExactly(TrialState.COMPLETE, TrialState.COMPLETE, TrialState.FAIL);
    assertThat(study.trial(2).systemAttrs().get("fail_reason"))
        .isEqualTo("cancelled: the study's timeout passed");
  }

  @Test
  void optimize_parallel_allTrialsAccountedFor() {
    Study study = study(Direction.MINIMIZE);
    study.optimize(t -> {
      double x = t.suggestFloat("x", 0, 1);
      if (x < 0.2) {
        throw new IllegalStateException("low");
      }
      return x;
    }, OptimizeOptions.builder().nTrials(200).parallelism(8).build());
    Map<TrialState, Integer> c = study.stateCounts();
    assertThat(study.trials()).hasSize(200);
    assertThat(c.get(TrialState.COMPLETE) + c.get(TrialState.FAIL)).isEqualTo(200);
    assertThat(c.get(TrialState.RUNNING)).isZero();
    assertThat(study.trials()).extracting(FrozenTrial::number)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
  }

  @Test
  void options_invalid_throwExactMessages() {
    assertThatThrownBy(() -> OptimizeOptions.trials(0))
        .hasMessage("nTrials must be >= 1, but got 0");
    assertThatThrownBy(() -> OptimizeOptions.builder().nTrials(1).parallelism(0).build())
        .hasMessage("parallelism must be >= 1, but got 0");
    assertThatThrownBy(() -> OptimizeOptions.builder().build())
        .hasMessage("nTrials or timeout must be set, but got neither");
  }
}
