package io.sparktune.cli;

import io.sparktune.workload.BadInputException;

/**
 * A bad config file or command line: the job prints the message and exits with code 2 (as for
 * every {@link BadInputException}).
 */
public class ConfigException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
