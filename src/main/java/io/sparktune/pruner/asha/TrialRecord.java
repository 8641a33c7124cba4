package io.sparktune.pruner.asha;

import io.sparktune.pruner.asha.AshaState.TrialStatus;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's mutable bookkeeping of one trial (package-private). */
final class TrialRecord {
  final int number;
  /** The value reported at rung k, at index k. */
  final List<Double> values = new ArrayList<>();
  /** The rung the trial was last sent to train to. */
  int target;
  boolean failed;

  TrialRecord(int number) {
    this.number = number;
  }

  int lastRung() {
    return values.size() - 1;
  }

  double value(int rung) {
    return values.get(rung);
  }

  boolean running() {
    return target > lastRung();
  }

  TrialStatus status(int topRung) {
    if (failed) {
      return TrialStatus.FAILED;
    }
    if (lastRung() == topRung) {
      return TrialStatus.COMPLETE;
    }
    if (running()) {
      return TrialStatus.RUNNING;
    }
    return Double.isNaN(value(lastRung())) ? TrialStatus.STOPPED : TrialStatus.PAUSED;
  }

  /** Paused at {@code rung} and may be promoted out of it (if it ranks high enough). */
  boolean promotableFrom(int rung) {
    return !failed && target == rung && lastRung() == rung && !Double.isNaN(value(rung));
  }
}
