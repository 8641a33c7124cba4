package io.sparktune.storage;

/** {@link StorageContract} on {@link InMemoryStorage}. */
final class InMemoryStorageContractTest implements StorageContract {
  @Override
  public Storage newStorage() {
    return new InMemoryStorage();
  }
}
