package io.sparktune.workload;

/**
 * Bad input from the user: a config value, a data file or a class the config names. The message
 * names the field, the value and what was expected; {@code sparktune run} prints it and exits with
 * code 2. Workloads throw it from {@link Workload#configure} (through {@link ConfigNode}) and from
 * {@link Workload#prepare} when their data cannot be read.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
