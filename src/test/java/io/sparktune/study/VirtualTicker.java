package io.sparktune.study;

import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for driver tests: {@link #poll} jumps to the next scheduled event (a {@link
 * FakeExecutor} completion) instead of waiting, so a study of hour-long trials runs in
 * milliseconds and the same inputs always give the same run. With no event scheduled it waits a
 * little real time for work on real threads, without moving the clock (an objective moves it with
 * {@link #advance}).
 */
final class VirtualTicker implements Ticker {
  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at != b.at
      ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now = 1_000_000_000L;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Moves the clock forward by {@code millis}. */
  synchronized void advance(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Runs {@code action} on the driver's thread when the clock reaches {@code atNanos}. */
  synchronized void schedule(long atNanos, Runnable action) {
    events.add(new Event(atNanos, seq++, action));
  }

  /** Drops the events whose action is {@code action}. */
  synchronized void cancel(Runnable action) {
    events.removeIf(e -> e.action == action);
  }

  @Override
  public <T> T poll(BlockingQueue<T> queue, long nanos) throws InterruptedException {
    T ready = queue.poll();
    if (ready != null) {
      return ready;
    }
    Event next;
    synchronized (this) {
      next = events.peek();
      if (next == null) {
        next = null;
      } else if (next.at <= now + nanos) {
        events.poll();
        now = Math.max(now, next.at);
      } else {
        now += nanos;
        return null;
      }
    }
    if (next == null) {
      return queue.poll(20, TimeUnit.MILLISECONDS); // real threads; the clock stays
    }
    next.action.run();
    return queue.poll();
  }
}
