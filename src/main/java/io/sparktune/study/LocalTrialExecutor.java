package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link TrialExecutor#localThreads}: each work runs on a daemon thread of this process, on the
 * study's live trial (reports and pruning go straight to the study) or, for work without one (an
 * ASHA job), on a {@link FixedTrial} whose reports and user attributes come back in the outcome.
 * Cancelling interrupts the thread; a body that ignores interrupts runs on, abandoned (the driver
 * has already failed its trial).
 */
final class LocalTrialExecutor implements TrialExecutor {
  private final int threads;
  private final ExecutorService pool;
  private final Map<Integer, Future<?>> running = new ConcurrentHashMap<>();

  LocalTrialExecutor(int threads) {
    require(threads >= 1, "threads must be >= 1, but got %d", threads);
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sparktune-trial-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public int slots() {
    return threads;
  }

  @Override
  public void submit(Work work, Consumer<Outcome> done) {
    running.put(work.number(), pool.submit(() -> {
      try {
        done.accept(work.runHere());
      } finally {
        running.remove(work.number());
      }
    }));
  }

  @Override
  public void cancel(Work work) {
    Future<?> f = running.get(work.number());
    if (f != null) {
      f.cancel(true);
    }
  }

  @Override
  public void cancelAll() {
    running.values().forEach(f -> f.cancel(true));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
