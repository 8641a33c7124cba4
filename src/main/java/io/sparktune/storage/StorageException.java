package io.sparktune.storage;

/** A storage operation failed (I/O, corrupt data); nothing acknowledged before it is lost. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
