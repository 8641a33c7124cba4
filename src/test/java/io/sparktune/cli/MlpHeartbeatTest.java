package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats of the trials an mnist-mlp driver holds (running or paused), in a journal. */
final class MlpHeartbeatTest {
  private static final JobConfig.ExecutionSection EVERY_20_MS =
      new JobConfig.ExecutionSection("auto", "async", 1, 0, 0, 10, 0.02, 1);

  @Test
  void heartbeats_journaledStudy_beatOnlyHeldTrials(@TempDir Path dir) throws Exception {
    try (JournalStorage journal = JournalStorage.open(dir.resolve("j.jsonl"))) {
      int study = journal.createStudy("mlp", Direction.MAXIMIZE).studyId();
      int held = journal.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      int other = journal.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      Instant heldStart = journal.lastHeartbeat(held).orElseThrow();
      Instant otherStart = journal.lastHeartbeat(other).orElseThrow();

      ScheduledExecutorService beats =
          Heartbeats.start(journal, () -> List.of(held), EVERY_20_MS);
      try {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!journal.lastHeartbeat(held).orElseThrow().isAfter(heldStart)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      } finally {
        beats.shutdownNow();
      }

      assertThat(journal.lastHeartbeat(held).orElseThrow()).isAfter(heldStart);
      assertThat(journal.lastHeartbeat(other).orElseThrow()).isEqualTo(otherStart);
    }
  }

  @Test
  void heartbeats_inMemoryStorage_none() {
    assertThat(Heartbeats.start(Storage.inMemory(), List::of, EVERY_20_MS)).isNull();
  }
}
