package io.sparktune.cli;

import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats of the trials this driver holds (running, and paused at an ASHA rung), so that the
 * next driver over the same journal can tell them from a dead driver's ({@code
 * execution.staleAfterSeconds}).
 */
final class Heartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

  private Heartbeats() {}

  /**
   * Beats, every {@code execution.heartbeatSeconds}, the trial ids {@code held} lists, for a
   * journaled study; null for other storages. Shut the returned timer down when the run ends.
   */
  static ScheduledExecutorService start(Storage storage, Supplier<List<Integer>> held,
      JobConfig.ExecutionSection x) {
    if (!(storage instanceof JournalStorage journal)) {
      return null;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparktune-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, (long) (x.heartbeatSeconds() * 1000));
    timer.scheduleAtFixedRate(() -> {
      try {
        for (int id : held.get()) {
          try {
            journal.recordHeartbeat(id);
          } catch (IllegalStateException finishedMeanwhile) {
            // the trial ended between the listing and the heartbeat
          } catch (RuntimeException e) {
            LOG.warn("heartbeat of trial id {} failed: {}", id, e.toString());
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("heartbeats failed: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return timer;
  }

  /** Stops {@code timer} (null: nothing to stop). */
  static void stop(ScheduledExecutorService timer) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
