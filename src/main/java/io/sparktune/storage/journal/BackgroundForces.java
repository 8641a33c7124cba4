package io.sparktune.storage.journal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Device forces handed to one background thread, run in the order they were handed over, for the
 * pipelined finishes of {@link JournalStorage} ({@link JournalBackend#pipelinesForces}). The
 * thread starts at the first force and is a daemon: a JVM that exits without {@link #shutdown}
 * keeps every line in the OS (a kill -9 loses nothing), only the device force may be skipped.
 */
final class BackgroundForces {
  private final JournalBackend backend;
  private ExecutorService thread;
  private Future<?> last;
  private IOException failure;

  BackgroundForces(JournalBackend backend) {
    this.backend = backend;
  }

  /** Starts a force covering {@code at} (and every earlier line) after the ones already handed. */
  synchronized void start(JournalBackend.Appended at) {
    if (thread == null) {
      thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparktune-journal-force");
        t.setDaemon(true);
        return t;
      });
    }
    last = thread.submit(() -> {
      try {
        backend.force(at);
      } catch (IOException e) {
        failed(e);
      }
    });
  }

  private synchronized void failed(IOException e) {
    if (failure == null) {
      failure = e;
    }
  }

  /**
   * Returns once every force handed over before this call has completed (waiting is not
   * interruptible: an acknowledgement must not come early; the interrupt is kept).
   *
   * @throws IOException the first failure of a force since the last call: the lines it covered
   *     may not survive a power loss
   */
  void await() throws IOException {
    Future<?> pending;
    synchronized (this) {
      pending = last;
    }
    if (pending != null) {
      boolean interrupted = false;
      while (true) {
        try {
          pending.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("a background force must not throw", e.getCause());
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    IOException failed;
    synchronized (this) {
      failed = failure;
      failure = null;
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Stops the thread once the handed forces ran. */
  synchronized void shutdown() {
    if (thread != null) {
      thread.shutdown();
    }
  }
}
