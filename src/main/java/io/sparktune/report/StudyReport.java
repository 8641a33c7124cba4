package io.sparktune.report;

import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a study report shows, computed from the trials alone: the data of every plot, ready
 * for any renderer ({@link HtmlReport} renders it as HTML and SVG).
 *
 * @param studyName the study's name
 * @param direction minimize or maximize
 * @param counts the number of trials in each state, in {@link TrialState} order
 * @param bestNumber the best COMPLETE trial's number, or null if none
 * @param bestValue its value, or null
 * @param bestParams its parameters (empty if none)
 * @param history the optimization history
 * @param intermediate the learning curves and rungs
 * @param parallel the parallel coordinates
 * @param contour the contours of the most important parameter pairs
 * @param slice the slices
 * @param importance the parameter importances
 * @param edf the empirical distribution function
 * @param rank the rank plots of the same pairs as {@code contour}
 * @param timeline the timeline, one lane per executor slot
 */
public record StudyReport(
    String studyName,
    Direction direction,
    Map<String, Integer> counts,
    Integer bestNumber,
    Double bestValue,
    Map<String, Object> bestParams,
    HistoryPlot history,
    IntermediatePlot intermediate,
    ParallelPlot parallel,
    ContourPlot contour,
    SlicePlot slice,
    ImportancePlot importance,
    EdfPlot edf,
    RankPlot rank,
    TimelinePlot timeline) {
  /** How many of the most important parameters the contour and rank plots pair up. */
  public static final int PAIRED_PARAMS = 3;

  public StudyReport {
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    bestParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bestParams));
  }

  /**
   * The report of {@code trials} (any states, any order) of a study in {@code direction}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static StudyReport of(List<FrozenTrial> trials, Direction direction, String studyName) {
    require(trials != null, "trials must not be null, but got null");
    require(direction != null, "direction must not be null, but got null");
    require(studyName != null, "studyName must not be null, but got null");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TrialState s : TrialState.values()) {
      counts.put(s.name(), 0);
    }
    trials.forEach(t -> counts.merge(t.state().name(), 1, Integer::sum));
    FrozenTrial best = null;
    for (FrozenTrial t : Points.completed(trials)) {
      if (best == null || direction.isBetter(t.value(), best.value())) {
        best = t;
      }
    }
    ImportancePlot importance = ImportancePlot.of(trials, direction);
    List<String> ranking = importance.ranking();
    return new StudyReport(studyName, direction, counts,
        best == null ? null : best.number(), best == null ? null : best.value(),
        best == null ? Map.of() : best.params(),
        HistoryPlot.of(trials, direction), IntermediatePlot.of(trials), ParallelPlot.of(trials),
        ContourPlot.of(trials, ranking, PAIRED_PARAMS), SlicePlot.of(trials), importance,
        EdfPlot.of(trials), RankPlot.of(trials, direction, ranking, PAIRED_PARAMS),
        TimelinePlot.of(trials));
  }
}
