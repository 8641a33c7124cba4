package io.sparktune.storage.journal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waiting on a latch inside a force hook, which may only throw {@link IOException}. */
final class Latches {
  private Latches() {}

  /** Waits up to 30 s for {@code latch}; a timeout or an interrupt is an {@link IOException}. */
  static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("latch not released within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
