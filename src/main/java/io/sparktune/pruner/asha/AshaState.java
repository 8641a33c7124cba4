package io.sparktune.pruner.asha;

import io.sparktune.internal.Checks;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of {@link AshaScheduler}'s bookkeeping, for debugging, reports and tests: each rung's
 * milestone, members (best first), promotion quota and cutoff, and each trial's status. Two
 * schedulers that made the same decisions have equal states ({@link AshaScheduler#rebuild} is
 * tested that way); {@link #toString()} prints one line per rung, like Ray Tune's {@code
 * debug_string}.
 *
 * @param rungs the rungs, from rung 0 to the top rung
 * @param trials every trial the scheduler knows, by number
 */
public record AshaState(List<Rung> rungs, Map<Integer, TrialStatus> trials) {

  public AshaState {
    rungs = List.copyOf(rungs);
    trials = Collections.unmodifiableMap(new TreeMap<>(trials));
  }

  /** Where a trial stands. */
  public enum TrialStatus {
    /** Training towards its target rung (a new trial, or one that was promoted). */
    RUNNING,
    /** Waiting at its last rung with a checkpoint; it may still be promoted. */
    PAUSED,
    /** Reached the top rung. */
    COMPLETE,
    /** Reported NaN at its last rung; never promoted. */
    STOPPED,
    /** Failed; kept in the rungs it reached, never resumed. */
    FAILED
  }

  /**
   * One rung.
   *
   * @param rung its index, from 0
   * @param milestone the total resource a trial has spent when it reports this rung
   * @param members the trials that reported here, best first (NaN last, ties by lower number)
   * @param quota how many of the best members may be promoted: {@code size / η}, rounded as the
   *     scheduler's {@link PromotionQuota} says (0 at the top rung)
   * @param cutoff the value of the worst member within the quota, NaN if the quota is 0
   * @param running trials now training towards this rung
   */
  public record Rung(int rung, int milestone, List<Member> members, int quota, double cutoff,
      List<Integer> running) {
    public Rung {
      members = List.copyOf(members);
      running = List.copyOf(running);
    }
  }

  /**
   * A trial's entry in a rung.
   *
   * @param trialNumber the trial
   * @param value the value it reported at the rung
   * @param promoted whether it has been promoted out of the rung
   */
  public record Member(int trialNumber, double value, boolean promoted) {}

  /** One line per rung: milestone, size, quota, cutoff, promoted and running trials. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AshaState");
    for (Rung r : rungs) {
      sb.append("\n  rung ").append(r.rung()).append(" (milestone ").append(r.milestone())
          .append("): ").append(r.members().size()).append(" members, quota ").append(r.quota())
          .append(", cutoff ").append(Checks.num(r.cutoff())).append(", promoted ")
          .append(r.members().stream().filter(Member::promoted).map(Member::trialNumber).toList())
          .append(", running ").append(r.running());
    }
    return sb.toString();
  }
}
