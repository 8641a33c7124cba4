package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.FloatDistribution;
import io.sparktune.storage.journal.JournalBackend.Appended;
import io.sparktune.storage.journal.JournalBackend.Commit;
import io.sparktune.storage.journal.LocalFileJournalBackend.Durability;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync policy: which operations wait for a device force, that none is acknowledged before the
 * force that covers it, and group commit. Forces are counted and held through the backend's
 * {@link LocalFileJournalBackend.Forcer} hook, never timed.
 */
final class JournalDurabilityTest {
  @TempDir Path dir;

  /** Counts forces and records the file size each one covered. */
  private static final class CountingForcer implements LocalFileJournalBackend.Forcer {
    final List<Long> covered = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void force(FileChannel channel) throws IOException {
      long size = channel.size();
      channel.force(false);
      covered.add(size);
    }

    long maxCovered() {
      synchronized (covered) {
        return covered.stream().mapToLong(Long::longValue).max().orElse(0);
      }
    }
  }

  private static final FloatDistribution X = FloatDistribution.uniform(0, 1);

  @Test
  void finishTrial_device_acknowledgedOnlyAfterOneForceCoveringTheWholeTrial() throws IOException {
    CountingForcer forcer = new CountingForcer();
    Path file = dir.resolve("j.jsonl");
    try (JournalStorage s = new JournalStorage(
        new LocalFileJournalBackend(file, Durability.DEVICE, forcer), MutableClockAt.T0)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      assertThat(forcer.covered).as("createStudy is forced").hasSize(1);
      assertThat(forcer.maxCovered()).isEqualTo(java.nio.file.Files.size(file));

      int trial = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.setTrialParam(trial, "x", X, 0.5);
      s.reportIntermediate(trial, 0, 0.7);
      s.recordHeartbeat(trial);
      s.setTrialUserAttr(trial, "fold", 1);
      assertThat(forcer.covered).as("a running trial's operations are not forced").hasSize(1);
      long beforeFinish = java.nio.file.Files.size(file);

      assertThat(s.finishTrial(trial, TrialState.COMPLETE, 0.25)).isTrue();

      long afterFinish = java.nio.file.Files.size(file);
      assertThat(afterFinish).isGreaterThan(beforeFinish);
      assertThat(forcer.covered).as("one force per finished trial").hasSize(2);
      assertThat(forcer.maxCovered()).as("the force ran after the finish line was written")
          .isEqualTo(afterFinish);
      assertThat(((LocalFileJournalBackend) s.backend()).forces()).isEqualTo(2);
    }
  }

  @Test
  void forcesDevice_decisionEntries_forcedOthersNot() {
    Instant at = MutableClockAt.T0.instant();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.CreateStudy("w", "s",
        Direction.MINIMIZE))).isTrue();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.Finish("w", at, 0,
        TrialState.PRUNED, null, null))).isTrue();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.CreateTrial("w", at, 0,
        TrialState.WAITING, Map.of()))).isTrue();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.CreateTrial("w", at, 0,
        TrialState.RUNNING, Map.of()))).isFalse();
    for (String key : List.of("completed_rung_2", "asha_target_rung", "checkpoint",
        "fail_reason")) {
      assertThat(JournalStorage.forcesDevice(new JournalEntry.SetSystemAttr("w", 0, key, 1)))
          .as(key).isTrue();
    }
    assertThat(JournalStorage.forcesDevice(new JournalEntry.SetSystemAttr("w", 0, "host", "h")))
        .isFalse();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.SetParam("w", 0, "x", X, 0.5)))
        .isFalse();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.Report("w", 0, 1, 0.5))).isFalse();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.Heartbeat("w", at, 0))).isFalse();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.ClaimWaiting("w", at, 0))).isFalse();
    assertThat(JournalStorage.forcesDevice(new JournalEntry.SetUserAttr("w", 0, "k", 1)))
        .isFalse();
  }

  @Test
  void durability_processNeverForces_everyAppendForcesEachAppend() throws IOException {
    for (Durability d : new Durability[] {Durability.PROCESS, Durability.DEVICE_EVERY_APPEND}) {
      CountingForcer forcer = new CountingForcer();
      try (JournalStorage s = new JournalStorage(new LocalFileJournalBackend(
          dir.resolve(d + ".jsonl"), d, forcer), MutableClockAt.T0)) {
        int study = s.createStudy("s", Direction.MINIMIZE).studyId();
        for (int i = 0; i < 3; i++) {
          int trial = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
          s.setTrialParam(trial, "x", X, 0.5);
          s.finishTrial(trial, TrialState.COMPLETE, 1.0);
        }
        assertThat(forcer.covered).as(d.toString())
            .hasSize(d == Durability.PROCESS ? 0 : 1 + 3 * 3);
      }
    }
  }

  @Test
  void force_linesWrittenBeforeTheForceStarted_returnWithoutAnotherForce() throws IOException {
    CountingForcer forcer = new CountingForcer();
    try (LocalFileJournalBackend b = new LocalFileJournalBackend(dir.resolve("b.jsonl"),
        Durability.DEVICE, forcer)) {
      Appended a = b.append(List.of("{\"a\":1}"), Commit.FORCE);
      Appended c = b.append(List.of("{\"c\":1}"), Commit.WRITE);
      Appended e = b.append(List.of("{\"e\":1}"), Commit.FORCE);
      b.force(e);
      b.force(a);
      b.force(c);
      assertThat(b.forces()).isEqualTo(1);
      assertThat(forcer.covered).containsExactly(e.end());
      Appended later = b.append(List.of("{\"later\":1}"), Commit.FORCE);
      b.force(later);
      assertThat(b.forces()).isEqualTo(2);
    }
  }

  /**
   * Group commit: while a leader's force is held, four threads append and wait; when it is
   * released, the leader returns (its force started before their lines) and one of the four
   * forces once for all of them: 2 forces for 5 forced appends.
   */
  @Test
  void force_concurrentWaiters_shareOneForce() throws Exception {
    CountDownLatch leaderInForce = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountingForcer counting = new CountingForcer();
    LocalFileJournalBackend.Forcer holdFirst = ch -> {
      if (leaderInForce.getCount() > 0) {
        leaderInForce.countDown();
        Latches.await(release);
      }
      counting.force(ch);
    };
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try (LocalFileJournalBackend b = new LocalFileJournalBackend(dir.resolve("g.jsonl"),
        Durability.DEVICE, holdFirst)) {
      Future<?> leader = pool.submit(() -> appendAndForce(b, "leader"));
      Latches.await(leaderInForce);
      List<Future<?>> followers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "f" + i;
        followers.add(pool.submit(() -> appendAndForce(b, name)));
      }
      while (b.waitingForForce() < 4) {
        Thread.onSpinWait(); // until all four appended and wait for the held force
      }
      assertThat(b.forces()).isZero();
      release.countDown();
      leader.get(30, TimeUnit.SECONDS);
      for (Future<?> f : followers) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(b.forces()).isEqualTo(2);
      assertThat(counting.covered).hasSize(2);
      assertThat(counting.maxCovered()).isEqualTo(java.nio.file.Files.size(b.file()));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The force runs outside the storage's lock: while the first finish's force is held, three
   * other threads get through {@code finishTrial} up to the force and wait for it; then one
   * force covers the three. A force inside the lock would never let them in (the test would time
   * out in the forcer).
   */
  @Test
  void finishTrial_concurrentThreads_shareForcesOutsideTheStorageLock() throws Exception {
    AtomicReference<LocalFileJournalBackend> backend = new AtomicReference<>();
    CountDownLatch first = new CountDownLatch(1);
    CountingForcer counting = new CountingForcer();
    LocalFileJournalBackend.Forcer forcer = ch -> {
      if (backend.get() != null && first.getCount() > 0) {
        first.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (backend.get().waitingForForce() < 3) {
          if (System.nanoTime() > deadline) {
            throw new IOException("the other finishes never reached the force");
          }
          Thread.onSpinWait();
        }
      }
      counting.force(ch);
    };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    LocalFileJournalBackend b = new LocalFileJournalBackend(dir.resolve("s.jsonl"),
        Durability.DEVICE, forcer);
    try (JournalStorage s = new JournalStorage(b, MutableClockAt.T0)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int[] trials = new int[4];
      for (int i = 0; i < 4; i++) {
        trials[i] = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      }
      counting.covered.clear();
      backend.set(b);
      List<Future<Boolean>> done = new ArrayList<>();
      done.add(pool.submit(() -> s.finishTrial(trials[0], TrialState.COMPLETE, 0.0)));
      Latches.await(first);
      for (int i = 1; i < 4; i++) {
        int t = trials[i];
        done.add(pool.submit(() -> s.finishTrial(t, TrialState.COMPLETE, 1.0 * t)));
      }
      for (Future<Boolean> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(counting.covered).as("4 finishes, 2 forces").hasSize(2);
      assertThat(counting.maxCovered()).isEqualTo(java.nio.file.Files.size(b.file()));
      assertThat(s.trials(study, java.util.EnumSet.of(TrialState.COMPLETE))).hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void appendAndForce(LocalFileJournalBackend b, String name) throws IOException {
    Appended at = b.append(List.of("{\"w\":\"" + name + "\"}"), Commit.FORCE);
    b.force(at);
    return null;
  }

  /** A fixed clock. */
  private static final class MutableClockAt {
    static final MutableClock T0 = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  }
}
