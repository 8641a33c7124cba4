package io.sparktune.storage.journal;

import io.sparktune.storage.Storage;
import io.sparktune.storage.StorageContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageContract} on {@link JournalStorage} with {@link LocalFileJournalBackend}. */
final class LocalJournalStorageContractTest implements StorageContract {
  @TempDir Path dir;
  private final java.util.List<JournalStorage> opened = new java.util.ArrayList<>();

  @Override
  public Storage newStorage() {
    JournalStorage s = JournalStorage.open(dir.resolve("study.jsonl"));
    opened.add(s);
    return s;
  }

  @Override
  public Optional<Storage> reopen(Storage storage) {
    return Optional.of(newStorage());
  }

  @AfterEach
  void closeAll() {
    opened.forEach(JournalStorage::close);
  }
}
