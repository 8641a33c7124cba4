package io.sparktune.pruner.asha;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.EnumSet;
import java.util.List;

/**
 * The trial system attributes in which {@link AshaScheduler} persists its decisions, so that its
 * state can be rebuilt from the stored trials after a restart ({@link AshaScheduler#rebuild}).
 *
 * <ul>
 *   <li>{@code asha_rung_<k>} ({@link #rungKey}): the value the trial reported at rung {@code k},
 *       written by {@link AshaScheduler#onResult}. A number; NaN and infinities are written as the
 *       strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} so that JSON can hold them.
 *   <li>{@code asha_target_rung} ({@link #TARGET_RUNG}): the rung the trial was last sent to train
 *       to: 0 when it started, {@code k + 1} when it was promoted from rung {@code k}, and back to
 *       its last rung if its job was lost ({@link AshaScheduler#onLost}). Written before the job is
 *       handed out, so a promotion is never handed out twice.
 *   <li>{@code asha_failed} ({@link #FAILED}): {@code true} once the trial failed ({@link
 *       AshaScheduler#onFailed}); it keeps its place in the rungs it reached, but is never resumed.
 * </ul>
 *
 * <p>A trial carries these keys only if the scheduler saw it. Its status follows from them: it is
 * running while {@code asha_target_rung} is above its last rung, paused otherwise, complete at the
 * top rung, stopped after a NaN.
 */
public final class AshaAttrs {
  /** Prefix of the per-rung value keys. */
  public static final String RUNG_PREFIX = "asha_rung_";
  /** Key of the rung the trial was last sent to. */
  public static final String TARGET_RUNG = "asha_target_rung";
  /** Key set to {@code true} when the trial failed. */
  public static final String FAILED = "asha_failed";
  /** Prefix shared by all keys. */
  public static final String PREFIX = "asha_";

  private AshaAttrs() {}

  /** {@code asha_rung_<rung>}. */
  public static String rungKey(int rung) {
    return RUNG_PREFIX + rung;
  }

  /** Where the scheduler writes its attributes: usually the study's storage. */
  @FunctionalInterface
  public interface Writer {
    /** Sets system attribute {@code key} of trial {@code trialNumber} to {@code value}. */
    void setSystemAttr(int trialNumber, String key, Object value);

    /** A writer that drops everything (a scheduler that need not survive a restart). */
    static Writer none() {
      return (n, k, v) -> { };
    }

    /**
     * A writer into the study's trials ({@link StudyView#setTrialSystemAttr}). It looks the trial
     * up among the RUNNING trials first (the usual case), then among all.
     */
    static Writer to(StudyView study) {
      return (n, k, v) -> {
        FrozenTrial t = find(study.trials(EnumSet.of(TrialState.RUNNING)), n);
        study.setTrialSystemAttr(t != null ? t : byNumber(study.trials(), n), k, v);
      };
    }
  }

  private static FrozenTrial find(List<FrozenTrial> trials, int number) {
    if (number < trials.size() && trials.get(number).number() == number) {
      return trials.get(number);
    }
    for (FrozenTrial t : trials) {
      if (t.number() == number) {
        return t;
      }
    }
    return null;
  }

  private static FrozenTrial byNumber(List<FrozenTrial> trials, int number) {
    FrozenTrial t = find(trials, number);
    if (t == null) {
      throw new IllegalArgumentException(
          "trialNumber must refer to a trial of the study, but got " + number);
    }
    return t;
  }

  /** The stored form of a rung value: the number, or its string if it is not finite. */
  static Object encode(double value) {
    return Double.isFinite(value) ? (Object) value : Double.toString(value);
  }

  /** Reads a stored rung value (a number or a string such as {@code "NaN"}). */
  static double decode(Object stored) {
    if (stored instanceof Number n) {
      return n.doubleValue();
    }
    if (stored instanceof String s) {
      return Double.parseDouble(s.trim());
    }
    throw new IllegalArgumentException(
        "asha rung value must be a number or a string, but got " + stored);
  }

  /** Reads a stored flag ({@code true} or {@code "true"}). */
  static boolean flag(Object stored) {
    return stored instanceof Boolean b ? b : stored != null && "true".equals(stored.toString());
  }
}
