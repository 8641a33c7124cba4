package io.sparktune.pruner.asha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.asha.AshaJob.Promote;
import io.sparktune.pruner.asha.AshaJob.StartNew;
import io.sparktune.pruner.asha.AshaState.Member;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.trial.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class AshaSchedulerTest {

  /** Milestones [1, 3, 9, 27], η = 3, the paper's quota {@code floor(n/η)}. */
  static AshaScheduler asha(Direction direction) {
    return asha(direction, PromotionQuota.FLOOR);
  }

  static AshaScheduler asha(Direction direction, PromotionQuota quota) {
    return AshaScheduler.builder().minResource(1).maxResource(27).direction(direction)
        .promotionQuota(quota).build();
  }

  /** Starts trials 0..n-1 and reports {@code values[i]} at rung 0 for trial i (no nextJob). */
  static void fillRung0(AshaScheduler s, double... values) {
    fillRungFrom(s, 0, values);
  }

  @Test
  void milestones_powersOfEta_endAtMaxResource() {
    assertThat(asha(Direction.MINIMIZE).milestones()).containsExactly(1, 3, 9, 27);
    assertThat(AshaScheduler.builder().maxResource(20).build().milestones())
        .containsExactly(1, 3, 9, 20);
    assertThat(AshaScheduler.builder().minResource(2).minEarlyStoppingRate(1).maxResource(54)
        .build().milestones()).containsExactly(6, 18, 54);
    assertThat(AshaScheduler.builder().minResource(4).reductionFactor(2).maxResource(4).build()
        .milestones()).containsExactly(4);
  }

  @Test
  void rungOf_milestone_returnsIndexElseThrows() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    assertThat(s.rungOf(9)).isEqualTo(2);
    assertThat(s.topRung()).isEqualTo(3);
    assertThat(s.milestone(3)).isEqualTo(27);
    assertThatThrownBy(() -> s.rungOf(5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must be one of the milestones [1, 3, 9, 27], but got 5");
    assertThatThrownBy(() -> s.milestone(4)).hasMessage("rung must be in [0, 3], but got 4");
  }

  @Test
  void builder_badArguments_throwWithRule() {
    assertThatThrownBy(() -> AshaScheduler.builder().minResource(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minResource must be >= 1, but got 0");
    assertThatThrownBy(() -> AshaScheduler.builder().maxResource(-1))
        .hasMessage("maxResource must be >= 1, but got -1");
    assertThatThrownBy(() -> AshaScheduler.builder().reductionFactor(1))
        .hasMessage("reductionFactor must be >= 2, but got 1");
    assertThatThrownBy(() -> AshaScheduler.builder().minEarlyStoppingRate(-1))
        .hasMessage("minEarlyStoppingRate must be >= 0, but got -1");
    assertThatThrownBy(() -> AshaScheduler.builder().direction(null))
        .hasMessage("direction must be one of [minimize, maximize], but got null");
    assertThatThrownBy(() -> AshaScheduler.builder().attrWriter(null))
        .hasMessage("attrWriter must not be null, but got null");
  }

  @Test
  void build_maxResourceBelowFirstMilestone_throws() {
    assertThatThrownBy(() -> AshaScheduler.builder().minResource(2).minEarlyStoppingRate(2)
        .maxResource(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResource must be >= minResource * reductionFactor^minEarlyStoppingRate"
            + " (2 * 3^2 = 18), but got 10");
    assertThatThrownBy(() -> AshaScheduler.builder().build())
        .hasMessage("maxResource must be >= minResource * reductionFactor^minEarlyStoppingRate"
            + " (1 * 3^0 = 1), but got 0");
  }

  @Test
  void nextJob_empty_startsNewAtFirstMilestone() {
    assertThat(asha(Direction.MINIMIZE).nextJob()).isEqualTo(new StartNew(1, 3));
  }

  @Test
  void nextJob_rungBelowEtaMembers_startsNewInsteadOfWaiting() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.1, 0.2);
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void nextJob_etaMembers_promotesBestInDirection(Direction direction) {
    AshaScheduler s = asha(direction);
    fillRung0(s, 0.5, 0.9, 0.1);
    int best = direction == Direction.MINIMIZE ? 2 : 1;
    assertThat(s.nextJob()).isEqualTo(new Promote(best, 0, 1, 1, 3, 3));
    assertThat(s.nextJob()).isInstanceOf(StartNew.class); // quota 1 used
  }

  @Test
  void nextJob_quotaGrows_promotesNextBestNotYetPromoted() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.5, 0.4, 0.3);
    assertThat(s.nextJob()).isEqualTo(new Promote(2, 0, 1, 1, 3, 3));
    s.onStarted(3);
    s.onResult(3, 0, 0.9);
    s.onStarted(4);
    s.onResult(4, 0, 0.8);
    assertThat(s.nextJob()).isInstanceOf(StartNew.class); // 5 members: quota 1
    s.onStarted(5);
    s.onResult(5, 0, 0.7);
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3)); // 6 members: quota 2
  }

  @Test
  void nextJob_newValueBeatsPromotedOne_promotesItAfterwards() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.5, 0.4, 0.3);
    assertThat(s.nextJob()).isEqualTo(new Promote(2, 0, 1, 1, 3, 3));
    s.onStarted(3);
    s.onResult(3, 0, 0.0);
    // top 4/3 = 1 is now trial 3, not yet promoted: promoted although trial 2 was too
    assertThat(s.nextJob()).isEqualTo(new Promote(3, 0, 1, 1, 3, 3));
  }

  @Test
  void nextJob_promotableInSeveralRungs_scansFromTopRungDown() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // quota 3 at rung 0: promote trials 0, 1, 2 to rung 1
    for (int n = 0; n < 3; n++) {
      assertThat(s.nextJob()).isEqualTo(new Promote(n, 0, 1, 1, 3, 3));
      s.onResult(n, 1, n);
    }
    s.onStarted(9);
    s.onResult(9, 0, 0.5); // 10 members, quota 3: trial 9 is promotable from rung 0 too
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 1, 2, 3, 9, 3)); // rung 1 first
    assertThat(s.nextJob()).isEqualTo(new Promote(9, 0, 1, 1, 3, 3));
  }

  @Test
  void nextJob_trialsStillTrainingToRung_notCountedInItsQuota() {
    // Li et al., Algorithm 2: the quota of rung k is |rung k| / η over the trials that reported
    // rung k; trials promoted to it and still training do not count yet.
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    for (int n = 0; n < 3; n++) {
      assertThat(s.nextJob()).isEqualTo(new Promote(n, 0, 1, 1, 3, 3));
    }
    s.onResult(2, 1, 0.1);
    s.onResult(1, 1, 0.2);
    // rung 1 holds 2 members (trial 0 is still training to it): quota 0, so a new trial
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
    s.onResult(0, 1, 0.3);
    assertThat(s.state().rungs().get(1).quota()).isEqualTo(1);
    assertThat(s.nextJob()).isEqualTo(new Promote(2, 1, 2, 3, 9, 3));
  }

  @Test
  void nextJob_ceilQuota_promotesFirstArrivalAndRoundsUp() {
    AshaScheduler s = asha(Direction.MINIMIZE, PromotionQuota.CEIL);
    assertThat(s.toString()).contains("promotionQuota=CEIL");
    fillRung0(s, 0.5);
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 0, 1, 1, 3, 3)); // ceil(1/3) = 1
    s.onResult(0, 1, 0.5);
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 1, 2, 3, 9, 3)); // alone at rung 1 too
    fillRungFrom(s, 1, 0.4, 0.6, 0.7);
    // rung 0: 4 members, quota ceil(4/3) = 2: trial 1 (0.4) is second best, not yet promoted
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3));
    assertThat(s.state().rungs().get(0).quota()).isEqualTo(2);
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
  }

  @Test
  void nextJob_ceilFromEta_waitsForEtaMembersThenRoundsUp() {
    AshaScheduler s = asha(Direction.MINIMIZE, PromotionQuota.CEIL_FROM_ETA);
    fillRung0(s, 0.5, 0.4);
    assertThat(s.nextJob()).isInstanceOf(StartNew.class); // 2 < η members: quota 0
    fillRungFrom(s, 2, 0.9, 0.8);
    // 4 members: ceil(4/3) = 2 (FLOOR would promote 1)
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3));
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 0, 1, 1, 3, 3));
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
  }

  @Test
  void closeToNewTrials_ceilFromEta_smallRungPromotesOne() {
    AshaScheduler s = asha(Direction.MAXIMIZE, PromotionQuota.CEIL_FROM_ETA);
    fillRung0(s, 0.5, 0.6);
    assertThat(s.nextPromotion()).isEmpty();
    assertThat(s.isClosedToNewTrials()).isFalse();

    s.closeToNewTrials();

    assertThat(s.isClosedToNewTrials()).isTrue();
    assertThat(s.nextPromotion()).contains(new Promote(1, 0, 1, 1, 3, 3));
    assertThat(s.nextPromotion()).isEmpty();
  }

  @Test
  void closeToNewTrials_floor_keepsThePaperQuota() {
    AshaScheduler s = asha(Direction.MAXIMIZE);
    fillRung0(s, 0.5, 0.6);
    s.closeToNewTrials();
    assertThat(s.nextPromotion()).isEmpty();
    assertThat(s.state().rungs().get(0).quota()).isZero();
  }

  @Test
  void builder_nullPromotionQuota_throwsWithAllowedValues() {
    assertThatThrownBy(() -> AshaScheduler.builder().promotionQuota(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("promotionQuota must be one of [floor, ceil_from_eta, ceil], but got null");
    assertThatThrownBy(() -> PromotionQuota.parse("asha.quota", "round"))
        .hasMessage("asha.quota must be one of [floor, ceil_from_eta, ceil], but got 'round'");
    assertThat(PromotionQuota.parse("q", " ceil ")).isEqualTo(PromotionQuota.CEIL);
  }

  @Test
  void nextJob_ties_lowerTrialNumberFirst() {
    AshaScheduler s = asha(Direction.MAXIMIZE);
    fillRung0(s, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7);
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 0, 1, 1, 3, 3));
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3));
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void onResult_nan_stopsAndIsNeverPromoted(Direction direction) {
    AshaScheduler s = asha(direction);
    s.onStarted(0);
    assertThat(s.onResult(0, 0, Double.NaN)).isEqualTo(AshaDecision.STOP);
    s.onStarted(1);
    s.onResult(1, 0, Double.NaN);
    s.onStarted(2);
    s.onResult(2, 0, Double.NaN);
    assertThat(s.nextJob()).isInstanceOf(StartNew.class); // top 1 is NaN
    s.onStarted(3);
    s.onResult(3, 0, direction == Direction.MINIMIZE ? 1e300 : -1e300);
    assertThat(s.nextJob()).isEqualTo(new Promote(3, 0, 1, 1, 3, 3));
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.STOPPED);
    assertThat(s.state().rungs().get(0).members().get(0).trialNumber()).isEqualTo(3);
  }

  @Test
  void onResult_infinity_ranksAsBest() {
    AshaScheduler s = asha(Direction.MAXIMIZE);
    fillRung0(s, 1, Double.POSITIVE_INFINITY, 2);
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3));
  }

  @Test
  void onResult_topRung_completesAndIsNeverPromoted() {
    AshaScheduler s = AshaScheduler.builder().maxResource(3).build(); // milestones [1, 3]
    fillRung0(s, 1, 2, 3);
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 0, 1, 1, 3, 1));
    assertThat(s.onResult(0, 1, 0.5)).isEqualTo(AshaDecision.COMPLETE);
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.COMPLETE);
    assertThat(s.state().rungs().get(1).quota()).isZero();
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
    assertThatThrownBy(() -> s.onFailed(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 0 is complete and cannot fail");
  }

  @Test
  void onResult_wrongRung_throwsStateError() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    assertThatThrownBy(() -> s.onResult(5, 2, 0.1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 5 must report rung 0 first, but got rung 2");
    s.onResult(0, 0, 0.1);
    assertThatThrownBy(() -> s.onResult(0, 0, 0.1))
        .hasMessage("trial 0 already reported rung 0");
    assertThatThrownBy(() -> s.onResult(0, 1, 0.1))
        .hasMessage("trial 0 is paused at rung 0 and was not promoted to rung 1");
    assertThatThrownBy(() -> s.onResult(0, 4, 0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rung must be in [0, 3], but got 4");
    assertThatThrownBy(() -> s.onResult(-1, 0, 0.1))
        .hasMessage("trialNumber must be >= 0, but got -1");
    fillRungFrom(s, 1, 0.2, 0.3);
    assertThat(s.nextJob()).isEqualTo(new Promote(0, 0, 1, 1, 3, 3));
    assertThatThrownBy(() -> s.onResult(0, 2, 0.1))
        .hasMessage("trial 0 must report rung 1 (its target), but got rung 2");
    s.onFailed(0);
    assertThatThrownBy(() -> s.onResult(0, 1, 0.1))
        .hasMessage("trial 0 failed and cannot report rung 1");
    assertThatThrownBy(() -> s.onStarted(1)).hasMessage("trial 1 has already started");
  }

  private static void fillRungFrom(AshaScheduler s, int first, double... values) {
    for (int i = 0; i < values.length; i++) {
      s.onStarted(first + i);
      s.onResult(first + i, 0, values[i]);
    }
  }

  @Test
  void onFailed_failedTrialInQuota_keepsItsPlaceAndIsNotResumed() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.1, 0.2, 0.3);
    s.onFailed(0);
    s.onFailed(0); // idempotent
    assertThat(s.nextJob()).isInstanceOf(StartNew.class);
    fillRungFrom(s, 3, 0.9, 0.9, 0.9);
    assertThat(s.nextJob()).isEqualTo(new Promote(1, 0, 1, 1, 3, 3)); // quota 2: 0 (failed), 1
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.FAILED);
  }

  @Test
  void onLost_promotedTrial_pausesAgainAndIsPromotedAgain() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.1, 0.2, 0.3);
    Promote p = (Promote) s.nextJob();
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.RUNNING);
    s.onLost(0);
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.PAUSED);
    assertThat(s.nextJob()).isEqualTo(p);
    assertThatThrownBy(() -> s.onLost(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 1 is PAUSED and cannot be lost");
    assertThatThrownBy(() -> s.onLost(9)).hasMessage("trial 9 is unknown to the scheduler");
  }

  @Test
  void onLost_newTrialWithoutRung_failsIt() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    s.onStarted(0);
    s.onLost(0);
    assertThat(s.state().trials()).containsEntry(0, TrialStatus.FAILED);
  }

  @Test
  void state_rungs_showMembersQuotaCutoffAndRunning() {
    AshaScheduler s = asha(Direction.MAXIMIZE);
    fillRung0(s, 0.5, 0.9, 0.1, 0.7);
    s.nextJob(); // promotes trial 1
    s.onStarted(4);
    AshaState st = s.state();
    AshaState.Rung r0 = st.rungs().get(0);
    assertThat(r0.milestone()).isEqualTo(1);
    assertThat(r0.members()).containsExactly(new Member(1, 0.9, true), new Member(3, 0.7, false),
        new Member(0, 0.5, false), new Member(2, 0.1, false));
    assertThat(r0.quota()).isEqualTo(1);
    assertThat(r0.cutoff()).isEqualTo(0.9);
    assertThat(r0.running()).containsExactly(4);
    assertThat(st.rungs().get(1).running()).containsExactly(1);
    assertThat(st.rungs().get(1).cutoff()).isNaN();
    assertThat(st.trials()).containsEntry(0, TrialStatus.PAUSED).containsEntry(4,
        TrialStatus.RUNNING);
    assertThat(st.toString()).isEqualTo("AshaState"
        + "\n  rung 0 (milestone 1): 4 members, quota 1, cutoff 0.9, promoted [1], running [4]"
        + "\n  rung 1 (milestone 3): 0 members, quota 0, cutoff NaN, promoted [], running [1]"
        + "\n  rung 2 (milestone 9): 0 members, quota 0, cutoff NaN, promoted [], running []"
        + "\n  rung 3 (milestone 27): 0 members, quota 0, cutoff NaN, promoted [], running []");
  }

  @Test
  void nextPromotion_nothingPromotable_isEmptyAndChangesNothing() {
    AshaScheduler s = asha(Direction.MINIMIZE);
    fillRung0(s, 0.3, 0.2);
    AshaState before = s.state();
    assertThat(s.nextPromotion()).isEmpty();
    assertThat(s.state()).isEqualTo(before);
    assertThat(List.of(s.toString())).containsExactly(
        "AshaScheduler(milestones=[1, 3, 9, 27], reductionFactor=3, promotionQuota=FLOOR,"
            + " direction=minimize)");
  }
}
