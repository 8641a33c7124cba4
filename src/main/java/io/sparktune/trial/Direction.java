package io.sparktune.trial;

import java.util.Locale;

/** Whether a study minimizes or maximizes its objective. */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  /** Parses {@code minimize} or {@code maximize} (any case). */
  public static Direction parse(String field, String text) {
    if (text != null) {
      for (Direction d : values()) {
        if (d.name().equalsIgnoreCase(text.trim())) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "%s must be one of [minimize, maximize], but got '%s'", field, text));
  }

  /** Whether {@code a} is strictly better than {@code b} in this direction. */
  public boolean isBetter(double a, double b) {
    return this == MINIMIZE ? a < b : a > b;
  }

  /** {@code value} for minimize, {@code -value} for maximize: smaller is always better. */
  public double toLoss(double value) {
    return this == MINIMIZE ? value : -value;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
