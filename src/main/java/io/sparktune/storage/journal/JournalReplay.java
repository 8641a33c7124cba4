package io.sparktune.storage.journal;

import io.sparktune.storage.InMemoryStorage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The journal's state machine: applies entries in log order to an {@link InMemoryStorage} whose
 * clock reads each entry's own timestamp, so a replay rebuilds exactly the state the writers saw.
 * An entry that is not valid at its place (the in-memory storage rejects it) is a no-op; its
 * result is the exception, which only the writer of the entry rethrows.
 */
final class JournalReplay {
  private final ReplayClock clock = new ReplayClock();
  private final InMemoryStorage state = new InMemoryStorage(clock);
  private final Map<Integer, Instant> heartbeats = new HashMap<>();

  private static final class ReplayClock implements InstantSource {
    Instant now = Instant.EPOCH;

    @Override
    public Instant instant() {
      return now;
    }
  }

  InMemoryStorage state() {
    return state;
  }

  /** The last heartbeat of a RUNNING trial, or its start; null while WAITING. */
  Instant lastAlive(FrozenTrial t) {
    Instant beat = heartbeats.get(t.trialId());
    Instant start = t.datetimeStart();
    if (beat == null || start != null && start.isAfter(beat)) {
      return start;
    }
    return beat;
  }

  /**
   * Applies one entry.
   *
   * @return the operation's result (a {@code StudyInfo}, {@code FrozenTrial}, {@code Optional},
   *     {@code Boolean} or null), or the {@link RuntimeException} that rejected it
   */
  Object apply(JournalEntry entry) {
    try {
      return applyOrThrow(entry);
    } catch (RuntimeException rejected) {
      return rejected;
    }
  }

  private Object applyOrThrow(JournalEntry entry) {
    if (entry instanceof JournalEntry.SetParam e) {
      state.setTrialParam(e.trial(), e.name(), e.distribution(),
          e.distribution().toExternal(e.internal()));
      return null;
    }
    if (entry instanceof JournalEntry.Heartbeat e) {
      FrozenTrial t = state.trial(e.trial());
      if (t.state() == TrialState.RUNNING) {
        heartbeats.merge(e.trial(), e.at(), (a, b) -> a.isAfter(b) ? a : b);
      }
      return null;
    }
    if (entry instanceof JournalEntry.Report e) {
      return state.reportIntermediate(e.trial(), e.step(), e.value());
    }
    if (entry instanceof JournalEntry.CreateTrial e) {
      clock.now = e.at();
      return state.createTrial(e.study(), e.state(), e.systemAttrs());
    }
    if (entry instanceof JournalEntry.Finish e) {
      clock.now = e.at();
      boolean won = state.finishTrial(e.trial(), e.state(), e.value());
      if (won) {
        heartbeats.remove(e.trial());
        if (e.reason() != null) {
          state.setTrialSystemAttr(e.trial(), JournalStorage.FAIL_REASON, e.reason());
        }
      }
      return won;
    }
    if (entry instanceof JournalEntry.SetSystemAttr e) {
      state.setTrialSystemAttr(e.trial(), e.key(), e.value());
      return null;
    }
    if (entry instanceof JournalEntry.SetUserAttr e) {
      state.setTrialUserAttr(e.trial(), e.key(), e.value());
      return null;
    }
    if (entry instanceof JournalEntry.ClaimWaiting e) {
      clock.now = e.at();
      return state.claimWaitingTrial(e.study());
    }
    if (entry instanceof JournalEntry.CreateStudy e) {
      return state.createStudy(e.name(), e.direction());
    }
    if (entry instanceof JournalEntry.TornLine) {
      return null;
    }
    throw new AssertionError(entry);
  }
}
