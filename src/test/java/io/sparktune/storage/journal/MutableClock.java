package io.sparktune.storage.journal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so heartbeat tests never sleep. */
final class MutableClock implements InstantSource {
  private Instant now;

  MutableClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  synchronized void advance(Duration d) {
    now = now.plus(d);
  }
}
