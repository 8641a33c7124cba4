package io.sparktune.pruner;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Lets another pruner prune a trial only after the trial stopped improving for {@code patience}
 * reports (Optuna's {@code PatientPruner}); without a wrapped pruner it is plain early stopping.
 *
 * <p>With the reports ordered by step, the trial "stopped improving" when the best of all but its
 * last {@code patience + 1} reports, moved by {@code minDelta} in the trial's favour, beats the best
 * of those last {@code patience + 1} (for minimize: {@code min(before) + minDelta < min(after)};
 * NaN reports are ignored). Nothing happens with {@code patience + 1} reports or fewer.
 */
public final class PatientPruner implements Pruner {
  private final Pruner wrapped;
  private final int patience;
  private final double minDelta;

  /**
   * A patient pruner.
   *
   * @param wrapped the pruner that decides once patience ran out, or null to prune right then
   * @param patience reports without improvement before pruning is allowed, {@code >= 0}
   * @param minDelta how much better a value must be to count as an improvement, {@code >= 0}
   * @throws IllegalArgumentException if an argument breaks its rule
   */
  public PatientPruner(Pruner wrapped, int patience, double minDelta) {
    require(patience >= 0, "patience must be >= 0, but got %d", patience);
    require(minDelta >= 0, "minDelta must be >= 0, but got %s", num(minDelta));
    this.wrapped = wrapped;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** A patient pruner with {@code minDelta} 0. */
  public PatientPruner(Pruner wrapped, int patience) {
    this(wrapped, patience, 0);
  }

  /** Early stopping: prunes once the trial stopped improving for {@code patience} reports. */
  public static PatientPruner earlyStopping(int patience, double minDelta) {
    return new PatientPruner(null, patience, minDelta);
  }

  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    SortedMap<Integer, Double> values = trial.intermediateValues();
    if (values.size() <= patience + 1) {
      return false;
    }
    List<Double> ordered = new ArrayList<>(values.values()); // ascending steps
    int split = ordered.size() - patience - 1;
    Direction direction = study.direction();
    double before = PrunerMath.best(ordered.subList(0, split), direction);
    double after = PrunerMath.best(ordered.subList(split, ordered.size()), direction);
    boolean stalled = direction == Direction.MINIMIZE
        ? before + minDelta < after
        : before - minDelta > after;
    if (!stalled) {
      return false;
    }
    return wrapped == null || wrapped.prune(study, trial);
  }

  @Override
  public String toString() {
    return "PatientPruner(wrapped=" + wrapped + ", patience=" + patience + ", minDelta="
        + num(minDelta) + ")";
  }
}
