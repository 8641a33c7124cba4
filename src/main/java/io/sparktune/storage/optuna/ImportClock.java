package io.sparktune.storage.optuna;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock of a storage that an import writes into: {@link OptunaJournal#copy} sets it to each
 * trial's start and completion before it creates and finishes the trial, so the copied trials keep
 * their datetimes. Open the target storage with it (for example {@code new JournalStorage(backend,
 * clock)}); between imports it reads the system clock.
 */
public final class ImportClock implements InstantSource {
  private volatile Instant fixed;

  /** A clock that reads the system clock until {@link #set} fixes it. */
  public ImportClock() {}

  /** Fixes the time; null returns to the system clock. */
  public void set(Instant instant) {
    this.fixed = instant;
  }

  @Override
  public Instant instant() {
    Instant f = fixed;
    return f != null ? f : Instant.now();
  }
}
