package io.sparktune.pruner;

import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Asynchronous successive halving, <em>stopping</em> variant (Optuna's {@code
 * SuccessiveHalvingPruner}; Li et al., "A System for Massively Parallel Hyperparameter Tuning").
 *
 * <p>Rung {@code k} ends at step {@code minResource * reductionFactor^(minEarlyStoppingRate + k)}.
 * When a trial reports at or past the end of its current rung, its value is recorded in the trial's
 * system attribute {@code completed_rung_<k>} and compared with the values every other trial
 * recorded there; it goes on only if it is in the top {@code 1/reductionFactor} of them (for the
 * first {@code reductionFactor - 1} trials of a rung: only if it is the best so far), else it is
 * pruned. A NaN report past the end of a rung prunes the trial. With {@code bootstrapCount > 0} a
 * trial is pruned while at most {@code bootstrapCount} trials (itself included) recorded the rung.
 *
 * <p>The pruner keeps no state of its own: the rungs live in the trials' system attributes, so it
 * survives a restart. The one exception is {@code minResource} "auto", which is estimated once, the
 * first time a trial is COMPLETE, as {@code max(lastStep / 100, 1)} over the COMPLETE trials, and
 * then kept. Trials that can pause and resume from a checkpoint should rather use the promotion
 * variant, {@link io.sparktune.pruner.asha.AshaScheduler}.
 */
public final class SuccessiveHalvingPruner implements Pruner {
  /** Prefix of the system attribute that holds the value a trial recorded at a rung. */
  public static final String COMPLETED_RUNG_PREFIX = "completed_rung_";

  private final int reductionFactor;
  private final int minEarlyStoppingRate;
  private final int bootstrapCount;
  /** Fixed, or estimated once (0 until then) when {@code auto}. */
  private volatile int minResource;
  private final boolean auto;

  /**
   * A pruner with a fixed minimum resource.
   *
   * @param minResource steps of the first rung before the early-stopping rate, {@code >= 1}
   * @param reductionFactor {@code η}, {@code >= 2}; about {@code 1/η} of a rung goes on
   * @param minEarlyStoppingRate {@code s}, {@code >= 0}: the first rung ends at {@code r·η^s}
   * @param bootstrapCount trials that must record a rung before any goes on past it, {@code >= 0}
   * @throws IllegalArgumentException if an argument breaks its rule
   */
  public SuccessiveHalvingPruner(
      int minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount) {
    this(false, minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount);
  }

  /** Optuna's defaults: {@code minResource} "auto", reduction factor 4, rate 0, no bootstrap. */
  public SuccessiveHalvingPruner() {
    this(true, 0, 4, 0, 0);
  }

  private SuccessiveHalvingPruner(boolean auto, int minResource, int reductionFactor,
      int minEarlyStoppingRate, int bootstrapCount) {
    require(auto || minResource >= 1,
        "minResource must be >= 1 or 'auto', but got %d", minResource);
    require(reductionFactor >= 2, "reductionFactor must be >= 2, but got %d", reductionFactor);
    require(minEarlyStoppingRate >= 0,
        "minEarlyStoppingRate must be >= 0, but got %d", minEarlyStoppingRate);
    require(bootstrapCount >= 0, "bootstrapCount must be >= 0, but got %d", bootstrapCount);
    require(!(auto && bootstrapCount > 0),
        "bootstrapCount must be 0 when minResource is 'auto', but got %d", bootstrapCount);
    this.auto = auto;
    this.minResource = auto ? 0 : minResource;
    this.reductionFactor = reductionFactor;
    this.minEarlyStoppingRate = minEarlyStoppingRate;
    this.bootstrapCount = bootstrapCount;
  }

  /**
   * A pruner whose minimum resource is estimated from the first COMPLETE trials (see the class
   * comment).
   */
  public static SuccessiveHalvingPruner withAutoMinResource(
      int reductionFactor, int minEarlyStoppingRate) {
    return new SuccessiveHalvingPruner(true, 0, reductionFactor, minEarlyStoppingRate, 0);
  }

  /**
   * A pruner from configuration text: {@code minResource} is {@code "auto"} or a whole number.
   *
   * @throws IllegalArgumentException if an argument breaks its rule
   */
  public static SuccessiveHalvingPruner of(
      String minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount) {
    if (minResource != null && minResource.trim().toLowerCase(Locale.ROOT).equals("auto")) {
      return new SuccessiveHalvingPruner(true, 0, reductionFactor, minEarlyStoppingRate,
          bootstrapCount);
    }
    int r = parsePositive("minResource", minResource);
    return new SuccessiveHalvingPruner(r, reductionFactor, minEarlyStoppingRate, bootstrapCount);
  }

  static int parsePositive(String field, String text) {
    try {
      int r = Integer.parseInt(text == null ? "" : text.trim());
      if (r >= 1) {
        return r;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "%s must be >= 1 or 'auto', but got '%s'", field, text));
  }

  /** The system attribute key of rung {@code rung}: {@code completed_rung_<rung>}. */
  public static String completedRungKey(int rung) {
    return COMPLETED_RUNG_PREFIX + rung;
  }

  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    OptionalInt last = trial.lastStep();
    if (last.isEmpty()) {
      return false;
    }
    int step = last.getAsInt();
    int rung = currentRung(trial);
    double value = trial.intermediateValues().get(step);
    List<FrozenTrial> trials = null;
    while (true) {
      if (minResource == 0) {
        trials = study.trials();
        int estimate = estimateMinResource(trials);
        if (estimate == 0) {
          return false;
        }
        synchronized (this) {
          if (minResource == 0) {
            minResource = estimate;
          }
        }
      }
      if (step < rungEnd(rung)) {
        return false;
      }
      if (Double.isNaN(value)) {
        return true;
      }
      if (trials == null) {
        trials = study.trials(); // read before this trial records the rung, as Optuna does
      }
      String key = completedRungKey(rung);
      study.setTrialSystemAttr(trial, key, value);
      List<Double> competing = competingValues(trials, value, key);
      if (competing.size() <= bootstrapCount) {
        return true;
      }
      if (!isPromotable(value, competing, reductionFactor, study.direction())) {
        return true;
      }
      rung++;
    }
  }

  /** The step at which rung {@code rung} ends, saturating at {@link Long#MAX_VALUE}. */
  private long rungEnd(int rung) {
    long end = minResource;
    for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
      if (end > Long.MAX_VALUE / reductionFactor) {
        return Long.MAX_VALUE;
      }
      end *= reductionFactor;
    }
    return end;
  }

  /** {@code max(lastStep / 100, 1)} over COMPLETE trials, or 0 if none is COMPLETE with a step. */
  static int estimateMinResource(List<FrozenTrial> trials) {
    int maxStep = -1;
    for (FrozenTrial t : trials) {
      if (t.state() == TrialState.COMPLETE && t.lastStep().isPresent()) {
        maxStep = Math.max(maxStep, t.lastStep().getAsInt());
      }
    }
    return maxStep < 0 ? 0 : Math.max(maxStep / 100, 1);
  }

  /** The first rung whose key is not in the trial's system attributes. */
  static int currentRung(FrozenTrial trial) {
    int rung = 0;
    while (trial.systemAttrs().containsKey(completedRungKey(rung))) {
      rung++;
    }
    return rung;
  }

  private static List<Double> competingValues(List<FrozenTrial> trials, double value,
      String key) {
    List<Double> values = new ArrayList<>();
    for (FrozenTrial t : trials) {
      Object v = t.systemAttrs().get(key);
      if (v instanceof Number n) {
        values.add(n.doubleValue());
      }
    }
    values.add(value);
    return values;
  }

  /**
   * Whether {@code value} is within the best {@code max(n / η, 1)} of the {@code n} competing
   * values (which include it).
   */
  static boolean isPromotable(double value, List<Double> competing, int reductionFactor,
      Direction direction) {
    int idx = competing.size() / reductionFactor - 1;
    if (idx == -1) {
      idx = 0; // the first η - 1 trials go on only if they are the best so far
    }
    List<Double> sorted = new ArrayList<>(competing);
    Collections.sort(sorted); // Double order: NaN sorts last, as numpy sorts it
    if (direction == Direction.MAXIMIZE) {
      return value >= sorted.get(sorted.size() - 1 - idx);
    }
    return value <= sorted.get(idx);
  }

  @Override
  public String toString() {
    return "SuccessiveHalvingPruner(minResource=" + (auto && minResource == 0 ? "auto"
        : Integer.toString(minResource)) + ", reductionFactor=" + reductionFactor
        + ", minEarlyStoppingRate=" + minEarlyStoppingRate + ", bootstrapCount=" + bootstrapCount
        + ")";
  }
}
