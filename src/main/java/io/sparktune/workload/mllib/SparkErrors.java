package io.sparktune.workload.mllib;

import java.util.regex.Pattern;

/** Spark's reason for a failure, for a one-line message without exception class names. */
final class SparkErrors {
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern SQL_STATE = Pattern.compile("\\s*SQLSTATE: \\w+\\.?");

  private SparkErrors() {}

  /** The first message of {@code e}'s cause chain, first line, without class names. */
  static String reason(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      message = t.getMessage();
    }
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String line = message.strip().lines().findFirst().orElse("");
    line = SQL_STATE.matcher(CLASS_NAME.matcher(line).replaceAll("")).replaceAll("").strip();
    return line.isEmpty() ? "no message" : line;
  }
}
