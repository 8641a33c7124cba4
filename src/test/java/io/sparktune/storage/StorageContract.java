package io.sparktune.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} shares (Optuna's {@code StorageSupplier} suite). An
 * implementation test supplies a fresh storage and, if it is durable, a way to reopen it.
 */
public interface StorageContract {
  Set<TrialState> ALL = EnumSet.allOf(TrialState.class);

  /** A fresh, empty storage. */
  Storage newStorage();

  /** The same storage read back from where it persists, or empty if it does not persist. */
  default Optional<Storage> reopen(Storage storage) {
    return Optional.empty();
  }

  @Test
  default void createStudy_twoNames_denseIdsAndLookups() {
    Storage s = newStorage();
    StudyInfo a = s.createStudy("a", Direction.MINIMIZE);
    StudyInfo b = s.createStudy("b", Direction.MAXIMIZE);
    assertThat(a).isEqualTo(new StudyInfo(0, "a", Direction.MINIMIZE));
    assertThat(b).isEqualTo(new StudyInfo(1, "b", Direction.MAXIMIZE));
    assertThat(s.findStudy("b")).contains(b);
    assertThat(s.findStudy("c")).isEmpty();
    assertThat(s.studies()).containsExactly(a, b);
  }

  @Test
  default void createStudy_duplicateName_throws() {
    Storage s = newStorage();
    s.createStudy("a", Direction.MINIMIZE);
    assertThatThrownBy(() -> s.createStudy("a", Direction.MAXIMIZE))
        .isInstanceOf(DuplicateStudyException.class)
        .hasMessage("study name must be unique in the storage, but got 'a' which already exists"
            + " (load it instead)");
    assertThat(s.studies()).hasSize(1);
  }

  @Test
  default void createStudy_blankName_throws() {
    Storage s = newStorage();
    assertThatThrownBy(() -> s.createStudy(" ", Direction.MINIMIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("study name must not be blank, but got ' '");
  }

  @Test
  default void createTrial_twoStudies_numbersDensePerStudy() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int b = s.createStudy("b", Direction.MINIMIZE).studyId();
    FrozenTrial a0 = s.createTrial(a, TrialState.RUNNING, Map.of());
    FrozenTrial b0 = s.createTrial(b, TrialState.RUNNING, Map.of());
    FrozenTrial a1 = s.createTrial(a, TrialState.WAITING, Map.of("k", "v"));
    assertThat(List.of(a0.number(), b0.number(), a1.number())).containsExactly(0, 0, 1);
    assertThat(List.of(a0.trialId(), b0.trialId(), a1.trialId())).doesNotHaveDuplicates();
    assertThat(a0.state()).isEqualTo(TrialState.RUNNING);
    assertThat(a0.datetimeStart()).isNotNull();
    assertThat(a1.datetimeStart()).isNull();
    assertThat(a1.systemAttrs()).containsEntry("k", "v");
    assertThat(s.trials(a, ALL)).extracting(FrozenTrial::number).containsExactly(0, 1);
  }

  @Test
  default void createTrial_finishedState_throws() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    assertThatThrownBy(() -> s.createTrial(a, TrialState.COMPLETE, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must be one of [RUNNING, WAITING], but got COMPLETE");
  }

  @Test
  default void setTrialParam_threeKinds_roundTrip() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    s.setTrialParam(t, "x", FloatDistribution.logUniform(1e-3, 1), 0.25);
    s.setTrialParam(t, "n", IntDistribution.stepped(2, 20, 2), 8L);
    s.setTrialParam(t, "c", CategoricalDistribution.of("gini", "entropy"), "entropy");
    FrozenTrial f = s.trial(t);
    assertThat(f.params()).containsExactly(Map.entry("x", 0.25), Map.entry("n", 8L),
        Map.entry("c", "entropy"));
    assertThat(f.distributions()).containsEntry("n", IntDistribution.stepped(2, 20, 2))
        .containsEntry("c", CategoricalDistribution.of("gini", "entropy"));
    assertThat(f.internalParam("c")).isEqualTo(1.0);
  }

  @Test
  default void setTrialParam_finishedTrial_throws() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    s.finishTrial(t, TrialState.COMPLETE, 1.0);
    assertThatThrownBy(() -> s.setTrialParam(t, "x", FloatDistribution.uniform(0, 1), 0.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 0 is COMPLETE and cannot suggest parameters");
  }

  @Test
  default void reportIntermediate_sameStepTwice_keepsFirst() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    assertThat(s.reportIntermediate(t, 3, 0.5)).isTrue();
    assertThat(s.reportIntermediate(t, 3, 0.9)).isFalse();
    assertThat(s.reportIntermediate(t, 1, Double.POSITIVE_INFINITY)).isTrue();
    assertThat(s.trial(t).intermediateValues())
        .containsExactly(Map.entry(1, Double.POSITIVE_INFINITY), Map.entry(3, 0.5));
  }

  @Test
  default void finishTrial_twice_secondReturnsFalse() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    assertThat(s.finishTrial(t, TrialState.COMPLETE, 2.5)).isTrue();
    assertThat(s.finishTrial(t, TrialState.FAIL, null)).isFalse();
    FrozenTrial f = s.trial(t);
    assertThat(f.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(f.value()).isEqualTo(2.5);
    assertThat(f.datetimeComplete()).isNotNull();
    assertThat(s.trials(a, EnumSet.of(TrialState.RUNNING))).isEmpty();
  }

  @Test
  default void finishTrial_runningState_throws() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    assertThatThrownBy(() -> s.finishTrial(t, TrialState.RUNNING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must be one of [COMPLETE, PRUNED, FAIL], but got RUNNING");
  }

  @Test
  default void claimWaitingTrial_twoWaiting_oldestFirstThenEmpty() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    s.createTrial(a, TrialState.WAITING, Map.of("fixed_params", Map.of("x", 1.5)));
    s.createTrial(a, TrialState.WAITING, Map.of());
    FrozenTrial first = s.claimWaitingTrial(a).orElseThrow();
    assertThat(first.number()).isZero();
    assertThat(first.state()).isEqualTo(TrialState.RUNNING);
    assertThat(first.datetimeStart()).isNotNull();
    assertThat(first.systemAttrs()).containsEntry("fixed_params", Map.of("x", 1.5));
    assertThat(s.claimWaitingTrial(a).orElseThrow().number()).isEqualTo(1);
    assertThat(s.claimWaitingTrial(a)).isEmpty();
  }

  @Test
  default void attrs_userAndSystem_roundTripJsonValues() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MINIMIZE).studyId();
    int t = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    s.setTrialUserAttr(t, "note", "hello");
    s.setTrialUserAttr(t, "list", List.of("a", "b"));
    s.setTrialSystemAttr(t, "completed_rung_0", 0.75);
    s.finishTrial(t, TrialState.PRUNED, 0.75);
    s.setTrialSystemAttr(t, "checkpoint", "ckpt/7");
    FrozenTrial f = s.trial(t);
    assertThat(f.userAttrs()).containsExactly(Map.entry("note", "hello"),
        Map.entry("list", List.of("a", "b")));
    assertThat(f.systemAttrs()).containsExactly(Map.entry("completed_rung_0", 0.75),
        Map.entry("checkpoint", "ckpt/7"));
  }

  @Test
  default void trial_unknownId_throws() {
    Storage s = newStorage();
    assertThatThrownBy(() -> s.trial(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trialId must refer to an existing trial, but got 5");
  }

  @Test
  default void optimize_sameSeed_sameTrialsAsInMemory() {
    Storage s = newStorage();
    Study study = Study.builder().name("q").storage(s).sampler(new RandomSampler(42)).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", FloatDistribution.uniform(-5, 5));
      long n = t.suggestInt("n", IntDistribution.uniform(0, 3));
      if (n == 3) {
        throw new IllegalStateException("n=3 fails");
      }
      return x * x + n;
    }, 15);
    Study reference = Study.builder().name("q").sampler(new RandomSampler(42)).build();
    reference.optimize(t -> {
      double x = t.suggestFloat("x", FloatDistribution.uniform(-5, 5));
      long n = t.suggestInt("n", IntDistribution.uniform(0, 3));
      if (n == 3) {
        throw new IllegalStateException("n=3 fails");
      }
      return x * x + n;
    }, 15);
    List<FrozenTrial> got = study.trials(ALL);
    List<FrozenTrial> want = reference.trials(ALL);
    assertThat(got).extracting(FrozenTrial::params)
        .containsExactlyElementsOf(want.stream().map(FrozenTrial::params).toList());
    assertThat(got).extracting(FrozenTrial::state)
        .containsExactlyElementsOf(want.stream().map(FrozenTrial::state).toList());
    assertThat(got).extracting(FrozenTrial::value)
        .containsExactlyElementsOf(want.stream().map(FrozenTrial::value).toList());
  }

  @Test
  default void reopen_afterWrites_replaysEqualState() {
    Storage s = newStorage();
    int a = s.createStudy("a", Direction.MAXIMIZE).studyId();
    int t0 = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    s.setTrialParam(t0, "x", FloatDistribution.uniform(0, 1), 0.5);
    s.reportIntermediate(t0, 0, 0.1);
    s.finishTrial(t0, TrialState.COMPLETE, 0.9);
    s.createTrial(a, TrialState.WAITING, Map.of("fixed_params", Map.of("x", 0.2)));
    int t2 = s.createTrial(a, TrialState.RUNNING, Map.of()).trialId();
    s.setTrialUserAttr(t2, "u", 3);
    Optional<Storage> back = reopen(s);
    assumeTrue(back.isPresent(), "the storage does not persist"); // JUnit's: no ByteBuddy proxy
    Storage r = back.get();
    assertThat(r.studies()).isEqualTo(s.studies());
    assertThat(r.trials(a, ALL)).isEqualTo(s.trials(a, ALL));
  }
}
