/**
 * The crash-safe study journal: {@link io.sparktune.storage.journal.JournalStorage} (a {@link
 * io.sparktune.storage.Storage} that appends JSON-line {@link
 * io.sparktune.storage.journal.JournalEntry} operations and replays them), the {@link
 * io.sparktune.storage.journal.JournalBackend} SPI (read, append, force), the local-disk {@link
 * io.sparktune.storage.journal.LocalFileJournalBackend} and its {@link
 * io.sparktune.storage.journal.LocalFileLock}. Core package: no Spark, no Hadoop. The format, the
 * sync policy (which operations wait for a device force) and the multi-writer protocol are
 * described in {@code docs/adr/0001-journal-format.md}.
 */
package io.sparktune.storage.journal;
