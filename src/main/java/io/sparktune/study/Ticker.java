package io.sparktune.study;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's time: a monotonic clock and the wait for the next outcome. Injected so that tests
 * drive the loop on virtual time (no sleeps, no wall-clock windows); {@link #system()} otherwise.
 */
public interface Ticker {

  /** Monotonic nanoseconds. */
  long nanoTime();

  /** Waits up to {@code nanos} for the next element of {@code queue}; null if none came. */
  default <T> T poll(BlockingQueue<T> queue, long nanos) throws InterruptedException {
    return queue.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@link System#nanoTime()} and a real wait. */
  static Ticker system() {
    return System::nanoTime;
  }
}
