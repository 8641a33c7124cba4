package io.sparktune.report;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameter importance by PED-ANOVA (see {@link PedAnova}): how much each parameter matters for
 * reaching the top {@link #QUANTILE} of the COMPLETE trials (Optuna's {@code
 * plot_param_importances} with {@code PedAnovaImportanceEvaluator}).
 *
 * @param method the method's name
 * @param quantile the share of trials counted as top trials
 * @param bars one per parameter held by every COMPLETE trial, most important first; the
 *     importances sum to 1 (or the list is empty)
 */
public record ImportancePlot(String method, double quantile, List<Bar> bars) {
  /** The baseline quantile (Optuna's default). */
  public static final double QUANTILE = 0.1;

  /**
   * One parameter.
   *
   * @param param the parameter name
   * @param importance its share of the total, in [0, 1]
   */
  public record Bar(String param, double importance) {}

  public ImportancePlot {
    bars = List.copyOf(bars);
  }

  /** The importances over {@code trials} in {@code direction}. */
  public static ImportancePlot of(List<FrozenTrial> trials, Direction direction) {
    List<FrozenTrial> done = Points.completed(trials);
    List<Bar> bars = new ArrayList<>();
    new PedAnova(QUANTILE).evaluate(done, Points.commonParams(done), direction)
        .forEach((p, v) -> bars.add(new Bar(p, v)));
    return new ImportancePlot("PED-ANOVA", QUANTILE, bars);
  }

  /** The parameter names, most important first. */
  public List<String> ranking() {
    return bars.stream().map(Bar::param).toList();
  }
}
