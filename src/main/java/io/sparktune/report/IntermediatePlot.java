package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Learning curves: every trial's reported intermediate values by step, with its state (so pruned
 * trials stand out), and the rungs that successive halving recorded: {@code completed_rung_<k>}
 * ({@link io.sparktune.pruner.SuccessiveHalvingPruner}) and {@code asha_rung_<k>} ({@link
 * io.sparktune.pruner.asha.AshaScheduler}).
 *
 * @param curves one per trial with at least one finite intermediate value, by number
 * @param rungs one per recorded rung value, by trial number, then rung
 */
public record IntermediatePlot(List<Curve> curves, List<RungMark> rungs) {
  /** System attribute prefix of the stopping variant's rungs. */
  static final String COMPLETED_RUNG = "completed_rung_";
  /** System attribute prefix of the promotion variant's rungs. */
  static final String ASHA_RUNG = "asha_rung_";

  /**
   * One trial's learning curve.
   *
   * @param number the trial number
   * @param state the trial's state
   * @param steps the steps, ascending
   * @param values the finite value at each step
   */
  public record Curve(int number, TrialState state, List<Integer> steps, List<Double> values) {
    public Curve {
      steps = List.copyOf(steps);
      values = List.copyOf(values);
    }
  }

  /**
   * A value a trial recorded at a rung.
   *
   * @param number the trial number
   * @param rung the rung index {@code k}
   * @param step the first step whose intermediate value equals the rung value, or null if none does
   * @param value the recorded value (may be NaN or infinite)
   * @param source the attribute prefix: {@code completed_rung_} or {@code asha_rung_}
   */
  public record RungMark(int number, int rung, Integer step, double value, String source) {}

  public IntermediatePlot {
    curves = List.copyOf(curves);
    rungs = List.copyOf(rungs);
  }

  /** The curves and rungs of {@code trials}. */
  public static IntermediatePlot of(List<FrozenTrial> trials) {
    List<FrozenTrial> sorted = new ArrayList<>(trials);
    sorted.sort(Comparator.comparingInt(FrozenTrial::number));
    List<Curve> curves = new ArrayList<>();
    List<RungMark> rungs = new ArrayList<>();
    for (FrozenTrial t : sorted) {
      List<Integer> steps = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      t.intermediateValues().forEach((s, v) -> {
        if (v != null && Double.isFinite(v)) {
          steps.add(s);
          values.add(v);
        }
      });
      if (!steps.isEmpty()) {
        curves.add(new Curve(t.number(), t.state(), steps, values));
      }
      for (Map.Entry<String, Object> e : t.systemAttrs().entrySet()) {
        String key = e.getKey();
        String source = key.startsWith(COMPLETED_RUNG) ? COMPLETED_RUNG
            : key.startsWith(ASHA_RUNG) ? ASHA_RUNG : null;
        Integer rung = source == null ? null : parseRung(key.substring(source.length()));
        Double value = rung == null ? null : number(e.getValue());
        if (value != null) {
          rungs.add(new RungMark(t.number(), rung, stepOf(t, value), value, source));
        }
      }
    }
    rungs.sort(Comparator.comparingInt(RungMark::number).thenComparingInt(RungMark::rung)
        .thenComparing(RungMark::source));
    return new IntermediatePlot(curves, rungs);
  }

  private static Integer parseRung(String s) {
    try {
      int k = Integer.parseInt(s);
      return k >= 0 ? k : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A number, or NaN/±Infinity written as text (as {@code AshaAttrs} does), else null. */
  static Double number(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Integer stepOf(FrozenTrial t, double value) {
    for (Map.Entry<Integer, Double> e : t.intermediateValues().entrySet()) {
      if (e.getValue() != null && e.getValue() == value) {
        return e.getKey();
      }
    }
    return null;
  }
}
