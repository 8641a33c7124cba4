package io.sparktune.sampler;

import io.sparktune.internal.Seeds;
import static io.sparktune.internal.Checks.require;

import io.sparktune.space.Distribution;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Evaluates every point of an explicit grid exactly once.
 *
 * <p>At trial start the sampler pins a grid point that no trial of the study holds yet (system
 * attribute {@value #GRID_ID}); the study serializes trial starts, so parallel workers never get the
 * same point. Points are visited in a seeded random order. When every point is taken the sampler is
 * {@linkplain #isExhausted exhausted} and the study stops.
 */
public final class GridSampler implements Sampler {
  /** The system attribute holding a trial's grid point index. */
  public static final String GRID_ID = "grid_id";

  private final Map<String, List<Object>> grid;
  private final List<Map<String, Object>> points;
  private final int[] order;

  /**
   * A sampler over the Cartesian product of {@code grid}'s value lists.
   *
   * @param grid parameter name to its values (each list non-empty, no duplicates)
   * @param seed seeds the visiting order
   */
  public GridSampler(Map<String, ? extends List<?>> grid, long seed) {
    require(grid != null && !grid.isEmpty(), "grid must have at least one parameter, but got %s",
        grid);
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    grid.forEach((name, values) -> {
      require(values != null && !values.isEmpty(),
          "grid.%s must have at least one value, but got %s", name, values);
      require(values.stream().distinct().count() == values.size(),
          "grid.%s must not repeat a value, but got %s", name, values);
      copy.put(name, Collections.unmodifiableList(new ArrayList<>(values)));
    });
    this.grid = Collections.unmodifiableMap(copy);
    this.points = cartesian(copy);
    this.order = new int[points.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed));
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static List<Map<String, Object>> cartesian(Map<String, List<Object>> grid) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>(out.size() * e.getValue().size());
      for (Map<String, Object> partial : out) {
        for (Object v : e.getValue()) {
          Map<String, Object> m = new LinkedHashMap<>(partial);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out.stream().map(Collections::unmodifiableMap).toList();
  }

  /** The grid as given. */
  public Map<String, List<Object>> grid() {
    return grid;
  }

  /** The number of grid points. */
  public int size() {
    return points.size();
  }

  /** The grid point with index {@code id}. */
  public Map<String, Object> point(int id) {
    return points.get(id);
  }

  private BitSet taken(StudyView study) {
    BitSet taken = new BitSet(points.size());
    for (FrozenTrial t : study.trials(EnumSet.allOf(TrialState.class))) {
      Object id = t.systemAttrs().get(GRID_ID);
      if (id instanceof Number n && n.intValue() >= 0 && n.intValue() < points.size()) {
        taken.set(n.intValue());
      }
    }
    return taken;
  }

  @Override
  public void beforeTrial(StudyView study, FrozenTrial trial) {
    if (trial.systemAttrs().containsKey(GRID_ID)) {
      return;
    }
    Object fixed = trial.systemAttrs().get("fixed_params");
    if (fixed instanceof Map<?, ?> m) {
      // An enqueued trial (a retry, or a point the user asked for) evaluates its own point.
      for (int id = 0; id < points.size(); id++) {
        if (samePoint(points.get(id), m)) {
          study.setTrialSystemAttr(trial, GRID_ID, id);
          return;
        }
      }
    }
    BitSet taken = taken(study);
    for (int id : order) {
      if (!taken.get(id)) {
        study.setTrialSystemAttr(trial, GRID_ID, id);
        return;
      }
    }
    throw new IllegalStateException(
        "the grid is exhausted: all " + points.size() + " points were already assigned");
  }

  private static boolean samePoint(Map<String, Object> point, Map<?, ?> params) {
    if (!params.keySet().equals(point.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : point.entrySet()) {
      Object v = params.get(e.getKey());
      boolean same = v instanceof Number a && e.getValue() instanceof Number b
          ? a.doubleValue() == b.doubleValue() : java.util.Objects.equals(v, e.getValue());
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Object sampleIndependent(
      StudyView study, FrozenTrial trial, String name, Distribution distribution) {
    Object id = trial.systemAttrs().get(GRID_ID);
    require(id instanceof Number, "trial %d must hold a grid point, but got none", trial.number());
    require(grid.containsKey(name),
        "parameter '%s' must be in the grid, but got a parameter the grid lacks; grid parameters: %s",
        name, grid.keySet());
    Object value = points.get(((Number) id).intValue()).get(name);
    require(distribution.contains(distribution.toInternal(value)),
        "grid.%s values must lie in the suggested %s, but got %s", name, distribution, value);
    return distribution.toExternal(distribution.toInternal(value));
  }

  @Override
  public boolean isExhausted(StudyView study) {
    return taken(study).cardinality() >= points.size();
  }

  @Override
  public String toString() {
    return "GridSampler(" + points.size() + " points over " + grid.keySet() + ")";
  }
}
