package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.storage.StorageException;
import io.sparktune.storage.journal.LocalFileJournalBackend.Durability;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Durability#DEVICE_PIPELINED}: a finish is acknowledged once written and forced in the
 * background; that force completes before the next finish is acknowledged and before close. Forces
 * are held through the backend's hook, so nothing here depends on timing to pass.
 */
final class JournalPipelinedForceTest {
  private static final MutableClock CLOCK = new MutableClock(
      java.time.Instant.parse("2025-01-01T00:00:00Z"));

  @TempDir Path dir;

  /** Records the file size each force covered; while {@code hold} is set, a force waits. */
  private static final class HoldingForcer implements LocalFileJournalBackend.Forcer {
    final List<Long> covered = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean hold = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile IOException fail;

    @Override
    public void force(FileChannel channel) throws IOException {
      if (hold.get()) {
        entered.countDown();
        Latches.await(release);
      }
      if (fail != null) {
        throw fail;
      }
      long size = channel.size();
      channel.force(false);
      covered.add(size);
    }
  }

  @Test
  void finishTrial_devicePipelined_returnsBeforeItsForceAndTheNextFinishWaitsForIt()
      throws Exception {
    HoldingForcer forcer = new HoldingForcer();
    Path file = dir.resolve("p.jsonl");
    LocalFileJournalBackend b = new LocalFileJournalBackend(file, Durability.DEVICE_PIPELINED,
        forcer);
    try (JournalStorage s = new JournalStorage(b, CLOCK)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      assertThat(forcer.covered).as("createStudy waits for its force").hasSize(1);
      int t1 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      int t2 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      forcer.hold.set(true);

      assertThat(s.finishTrial(t1, TrialState.COMPLETE, 1.0)).isTrue();
      long afterFirst = Files.size(file);
      Latches.await(forcer.entered); // its force runs in the background, held by the hook
      assertThat(forcer.covered).as("acknowledged before its force completed").hasSize(1);
      assertThat(s.trial(t1).state()).isEqualTo(TrialState.COMPLETE);

      CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
          () -> s.finishTrial(t2, TrialState.COMPLETE, 2.0));
      waitUntilBlocked(second);
      assertThat(second).as("the next finish waits for the previous one's force").isNotDone();
      assertThat(Files.size(file)).as("and is not written before it").isEqualTo(afterFirst);

      forcer.hold.set(false);
      forcer.release.countDown();
      assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(forcer.covered.get(1)).as("the held force covered the first finish")
          .isGreaterThanOrEqualTo(afterFirst);
      s.flush();
      assertThat(Collections.max(forcer.covered)).as("flush: the second finish is forced too")
          .isEqualTo(Files.size(file));
      assertThat(b.forces()).isEqualTo(3);
    }
  }

  @Test
  void close_devicePipelined_waitsForTheBackgroundForce() throws Exception {
    HoldingForcer forcer = new HoldingForcer();
    Path file = dir.resolve("c.jsonl");
    JournalStorage s = new JournalStorage(new LocalFileJournalBackend(file,
        Durability.DEVICE_PIPELINED, forcer), CLOCK);
    int study = s.createStudy("s", Direction.MAXIMIZE).studyId();
    int t = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
    forcer.hold.set(true);
    s.finishTrial(t, TrialState.PRUNED, 0.5);
    Latches.await(forcer.entered);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    waitUntilBlocked(closing);
    assertThat(closing).as("close waits for the held force").isNotDone();
    forcer.release.countDown();
    closing.get(30, TimeUnit.SECONDS);
    assertThat(Collections.max(forcer.covered)).isEqualTo(Files.size(file));
  }

  @Test
  void finishTrial_backgroundForceFailed_nextFinishRefusedBeforeWritingAndTrialStaysRunning()
      throws IOException {
    HoldingForcer forcer = new HoldingForcer();
    Path file = dir.resolve("f.jsonl");
    try (JournalStorage s = new JournalStorage(new LocalFileJournalBackend(file,
        Durability.DEVICE_PIPELINED, forcer), CLOCK)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int t1 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      int t2 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      forcer.fail = new IOException("EIO on fdatasync");
      assertThat(s.finishTrial(t1, TrialState.COMPLETE, 1.0)).isTrue();
      long size = Files.size(file);

      assertThatThrownBy(() -> s.finishTrial(t2, TrialState.COMPLETE, 2.0))
          .isInstanceOf(StorageException.class)
          .hasMessage("journal " + s.backend() + " must be forced to the device, but got "
              + "java.io.IOException: EIO on fdatasync");
      assertThat(Files.size(file)).as("nothing written after the failed force").isEqualTo(size);
      assertThat(s.trial(t2).state()).isEqualTo(TrialState.RUNNING);

      forcer.fail = null; // the disk recovers: the failure was reported once, finishes go on
      assertThat(s.finishTrial(t2, TrialState.COMPLETE, 2.0)).isTrue();
      assertThat(s.trials(study, EnumSet.of(TrialState.COMPLETE))).hasSize(2);
    }
  }

  @Test
  void pipelinesForces_onlyDevicePipelined_defaultIsDevice() throws IOException {
    try (JournalStorage s = JournalStorage.open(dir.resolve("d.jsonl"))) {
      LocalFileJournalBackend b = (LocalFileJournalBackend) s.backend();
      assertThat(b.durability()).isEqualTo(Durability.DEVICE);
      assertThat(b.pipelinesForces()).isFalse();
    }
    try (LocalFileJournalBackend b = new LocalFileJournalBackend(dir.resolve("p.jsonl"),
        Durability.DEVICE_PIPELINED)) {
      assertThat(b.pipelinesForces()).isTrue();
    }
    for (Durability d : List.of(Durability.DEVICE, Durability.PROCESS,
        Durability.DEVICE_EVERY_APPEND)) {
      try (LocalFileJournalBackend b = new LocalFileJournalBackend(dir.resolve(d + ".jsonl"), d)) {
        assertThat(b.pipelinesForces()).as(d.name()).isFalse();
      }
    }
  }

  /** Gives the future's thread time to reach its wait (the assertion after it cannot pass early). */
  private static void waitUntilBlocked(CompletableFuture<?> f) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    while (!f.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
