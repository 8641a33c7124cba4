package io.sparktune.storage;

/** A study with that name already exists in the storage. */
public class DuplicateStudyException extends StorageException {
  private static final long serialVersionUID = 1L;

  public DuplicateStudyException(String name) {
    super("study name must be unique in the storage, but got '" + name
        + "' which already exists (load it instead)");
  }
}
