package io.sparktune.pruner.asha;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The members of one rung, best first, plus the subset that may still be promoted out of it
 * (package-private). Finding the next promotion costs {@code O(log n)}: the best candidate is the
 * only one that can lie within the quota, and its rank is a binary search.
 */
final class RungMembers {
  private final int rung;
  private final Comparator<TrialRecord> order;
  /** All members, sorted by {@link #order}; members are never removed. */
  private final List<TrialRecord> members = new ArrayList<>();
  /** Members paused at this rung with a non-NaN value, not failed, not promoted. */
  private final TreeSet<TrialRecord> candidates;

  RungMembers(int rung, Comparator<TrialRecord> order) {
    this.rung = rung;
    this.order = order;
    this.candidates = new TreeSet<>(order);
  }

  void add(TrialRecord r) {
    int i = Collections.binarySearch(members, r, order);
    if (i >= 0) {
      throw new AssertionError("trial " + r.number + " is already in rung " + rung);
    }
    members.add(-i - 1, r);
    refresh(r);
  }

  /** Re-reads whether {@code r} may be promoted out of this rung after its record changed. */
  void refresh(TrialRecord r) {
    if (r.promotableFrom(rung)) {
      candidates.add(r);
    } else {
      candidates.remove(r);
    }
  }

  /** The best candidate if it lies within the best {@code quota} members, else null. */
  TrialRecord bestPromotable(int quota) {
    if (candidates.isEmpty()) {
      return null;
    }
    TrialRecord best = candidates.first();
    return Collections.binarySearch(members, best, order) < quota ? best : null;
  }

  int size() {
    return members.size();
  }

  List<TrialRecord> sorted() {
    return Collections.unmodifiableList(members);
  }

  void clear() {
    members.clear();
    candidates.clear();
  }
}
