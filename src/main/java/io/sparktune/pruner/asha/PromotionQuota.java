package io.sparktune.pruner.asha;

import java.util.Locale;

/**
 * How many of a rung's {@code n} members {@link AshaScheduler} may promote: the ASHA paper's
 * {@code top_k(rung, n/η)} leaves the rounding of {@code n/η} open, and with a finite number of
 * trials the rounding decides how many trials reach the top rung: a rung of 5 members promotes 1
 * under {@link #FLOOR} and 2 under {@link #CEIL}, a rung of 2 members none or 1.
 */
public enum PromotionQuota {
  /** {@code floor(n/η)}: a rung promotes nobody before it has {@code η} members. */
  FLOOR,
  /**
   * The default: {@code floor(n/η)} (that is 0) while the rung has fewer than {@code η} members
   * and new trials may still start, {@code ceil(n/η)} from {@code η} members on or once {@link
   * AshaScheduler#closeToNewTrials()} was called. On the NN workload (5 seeds, replayed on the
   * recorded curves and run for real) it kept the no-pruning best within 0.3 point on 4 of 5
   * seeds with at most 23.4% of the epochs, where {@link #FLOOR} kept it on 1 of 5
   * ({@code docs/benchmarks-nn.md}).
   */
  CEIL_FROM_ETA,
  /**
   * {@code ceil(n/η)}: the first trial to reach a rung is promoted at once, so the first trial of
   * a study runs to the full budget. Kept the best on 5 of 5 NN seeds but spent up to 28.9% of
   * the epochs.
   */
  CEIL;

  /**
   * Parses a configuration value ({@code floor}, {@code ceil_from_eta}, {@code ceil}, any case).
   *
   * @throws IllegalArgumentException naming {@code field} and the allowed values
   */
  public static PromotionQuota parse(String field, String text) {
    for (PromotionQuota q : values()) {
      if (q.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return q;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "%s must be one of [floor, ceil_from_eta, ceil], but got '%s'", field, text));
  }
}
