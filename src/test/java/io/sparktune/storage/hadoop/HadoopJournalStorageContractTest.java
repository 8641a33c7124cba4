package io.sparktune.storage.hadoop;

import io.sparktune.storage.Storage;
import io.sparktune.storage.StorageContract;
import io.sparktune.storage.journal.JournalStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageContract} on {@link JournalStorage} with {@link HadoopJournalBackend}, file://. */
final class HadoopJournalStorageContractTest implements StorageContract {
  @TempDir Path dir;
  private final List<JournalStorage> opened = new ArrayList<>();

  @Override
  public Storage newStorage() {
    try {
      JournalStorage s = new JournalStorage(
          new HadoopJournalBackend(dir.resolve("journal/study.jsonl").toUri()));
      opened.add(s);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
