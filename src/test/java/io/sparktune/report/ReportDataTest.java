package io.sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ReportDataTest {
  private static final List<FrozenTrial> TRIALS = SyntheticStudy.digitsLike(150, 7);

  @ParameterizedTest
  @EnumSource(Direction.class)
  void history_bestSoFar_isMonotoneAndTheRunningBest(Direction dir) {
    HistoryPlot h = HistoryPlot.of(TRIALS, dir);
    List<FrozenTrial> done = TRIALS.stream().filter(t -> t.state() == TrialState.COMPLETE)
        .toList();

    assertThat(h.values()).hasSize(done.size());
    assertThat(h.bestSoFar()).hasSize(done.size());
    double best = Double.NaN;
    for (int i = 0; i < done.size(); i++) {
      double v = done.get(i).value();
      best = Double.isNaN(best) || dir.isBetter(v, best) ? v : best;
      assertThat(h.bestSoFar().get(i).value()).isEqualTo(best);
      assertThat(h.bestSoFar().get(i).number()).isEqualTo(done.get(i).number());
      if (i > 0) {
        assertThat(dir.isBetter(h.bestSoFar().get(i - 1).value(), h.bestSoFar().get(i).value()))
            .as("best-so-far never gets worse").isFalse();
      }
    }
  }

  @Test
  void history_skipsPrunedFailedRunningAndNonFinite() {
    List<FrozenTrial> trials = new ArrayList<>(TRIALS.subList(0, 5));
    trials.add(trial(100, TrialState.COMPLETE, Double.NaN));
    trials.add(trial(101, TrialState.COMPLETE, Double.POSITIVE_INFINITY));
    trials.add(trial(102, TrialState.PRUNED, 0.99));
    HistoryPlot h = HistoryPlot.of(trials, Direction.MAXIMIZE);
    assertThat(h.values()).extracting(HistoryPlot.Point::number).doesNotContain(100, 101, 102);
  }

  @Test
  void edf_isMonotoneInUnitIntervalAndEndsAtOne() {
    EdfPlot e = EdfPlot.of(TRIALS);
    assertThat(e.points()).isNotEmpty();
    for (int i = 1; i < e.points().size(); i++) {
      assertThat(e.points().get(i).value()).isGreaterThan(e.points().get(i - 1).value());
      assertThat(e.points().get(i).fraction()).isGreaterThan(e.points().get(i - 1).fraction());
    }
    assertThat(e.points()).allSatisfy(p -> assertThat(p.fraction()).isBetween(0.0, 1.0));
    assertThat(e.points().get(e.points().size() - 1).fraction()).isEqualTo(1.0);
  }

  @Test
  void edf_ties_shareOneStep() {
    EdfPlot e = EdfPlot.of(List.of(trial(0, TrialState.COMPLETE, 1.0),
        trial(1, TrialState.COMPLETE, 1.0), trial(2, TrialState.COMPLETE, 2.0),
        trial(3, TrialState.COMPLETE, 3.0)));
    assertThat(e.points()).containsExactly(new EdfPlot.Point(1.0, 0.5),
        new EdfPlot.Point(2.0, 0.75), new EdfPlot.Point(3.0, 1.0));
  }

  @Test
  void intermediate_marksPrunedCurvesAndRungsAtTheirStep() {
    IntermediatePlot p = IntermediatePlot.of(TRIALS);
    long prunedTrials = TRIALS.stream().filter(t -> t.state() == TrialState.PRUNED).count();

    assertThat(prunedTrials).isPositive();
    assertThat(p.curves().stream().filter(c -> c.state() == TrialState.PRUNED).count())
        .isEqualTo(prunedTrials);
    assertThat(p.rungs()).hasSize((int) TRIALS.stream()
        .filter(t -> t.systemAttrs().containsKey("completed_rung_0")).count());
    assertThat(p.rungs()).allSatisfy(r -> {
      assertThat(r.step()).isEqualTo(1);
      assertThat(r.source()).isEqualTo("completed_rung_");
      assertThat(r.value()).isEqualTo(TRIALS.get(r.number()).intermediateValues().get(1));
    });
    assertThat(p.curves()).allSatisfy(c -> assertThat(c.steps()).hasSameSizeAs(c.values()));
  }

  @Test
  void intermediate_ashaRungsAsText_areParsed() {
    TreeMap<Integer, Double> iv = new TreeMap<>(Map.of(0, 0.5, 3, 0.7));
    FrozenTrial t = new FrozenTrial(0, 0, TrialState.RUNNING, null, Map.of(), Map.of(), iv,
        Map.of(), Map.of("asha_rung_0", 0.5, "asha_rung_1", "NaN", "asha_rung_x", 1.0,
        "asha_target_rung", 2), null, null);
    IntermediatePlot p = IntermediatePlot.of(List.of(t));
    assertThat(p.rungs()).hasSize(2);
    assertThat(p.rungs().get(0)).isEqualTo(new IntermediatePlot.RungMark(0, 0, 0, 0.5,
        "asha_rung_"));
    assertThat(p.rungs().get(1).step()).isNull();
    assertThat(p.rungs().get(1).value()).isNaN();
  }

  @Test
  void parallel_coordsLieOnTheirAxes() {
    ParallelPlot p = ParallelPlot.of(TRIALS);
    assertThat(p.axes()).extracting(ParamAxis::name)
        .containsExactly("n_estimators", "max_depth", "max_features", "min_gain");
    assertThat(p.axes().get(0).scale()).isEqualTo(ParamAxis.Scale.LOG);
    assertThat(p.axes().get(2).categories()).containsExactly("sqrt", "log2", "all");
    for (ParallelPlot.Line l : p.lines()) {
      for (int i = 0; i < p.axes().size(); i++) {
        assertThat(l.coords().get(i)).isBetween(p.axes().get(i).min(), p.axes().get(i).max());
      }
    }
  }

  @Test
  void contour_surfaceStaysWithinTheTrialValues() {
    List<FrozenTrial> done = Points.completed(TRIALS);
    double lo = done.stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
    double hi = done.stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
    ContourPlot c = ContourPlot.of(TRIALS, List.of("n_estimators", "max_depth", "min_gain",
        "max_features"), 3);

    assertThat(c.panels()).hasSize(3);
    for (ContourPlot.Panel p : c.panels()) {
      assertThat(p.xEdges()).hasSize(ContourPlot.CELLS + 1).isSorted();
      assertThat(p.z()).hasSize(ContourPlot.CELLS);
      assertThat(p.z()).allSatisfy(row -> assertThat(row).hasSize(ContourPlot.CELLS)
          .allSatisfy(z -> assertThat(z).isBetween(lo, hi)));
      assertThat(p.points()).hasSize(done.size());
    }
  }

  @Test
  void contour_nearATrial_isCloseToItsValue() {
    // a clear gradient along x: the cell next to the best trial is among the best cells
    List<FrozenTrial> trials = SyntheticStudy.oneDriver(300, 11, 0.0);
    ContourPlot.Panel p = ContourPlot.of(trials, List.of("x", "noise_float"), 2).panels().get(0);
    double[] colMeans = new double[ContourPlot.CELLS];
    for (List<Double> row : p.z()) {
      for (int i = 0; i < row.size(); i++) {
        colMeans[i] += row.get(i) / ContourPlot.CELLS;
      }
    }
    int argmin = 0;
    for (int i = 1; i < colMeans.length; i++) {
      argmin = colMeans[i] < colMeans[argmin] ? i : argmin;
    }
    double xAtMin = (p.xEdges().get(argmin) + p.xEdges().get(argmin + 1)) / 2;
    assertThat(xAtMin).isBetween(0.2, 0.4);
  }

  @Test
  void rank_bestIsZeroWorstIsOne() {
    RankPlot r = RankPlot.of(TRIALS, Direction.MAXIMIZE, List.of("n_estimators", "max_depth"),
        3);
    assertThat(r.panels()).hasSize(1);
    List<RankPlot.Point> pts = r.panels().get(0).points();
    RankPlot.Point best = pts.stream().max((a, b) -> Double.compare(a.value(), b.value()))
        .orElseThrow();
    RankPlot.Point worst = pts.stream().min((a, b) -> Double.compare(a.value(), b.value()))
        .orElseThrow();
    assertThat(best.rank()).isEqualTo(0.0);
    assertThat(worst.rank()).isEqualTo(1.0);
    assertThat(pts).allSatisfy(p -> assertThat(p.rank()).isBetween(0.0, 1.0));
  }

  @Test
  void slice_onePanelPerParamWithEveryCompleteTrial() {
    SlicePlot s = SlicePlot.of(TRIALS);
    assertThat(s.panels()).extracting(p -> p.axis().name())
        .containsExactly("n_estimators", "max_depth", "max_features", "min_gain");
    assertThat(s.panels()).allSatisfy(p -> assertThat(p.points())
        .hasSize(Points.completed(TRIALS).size()));
  }

  @Test
  void timeline_lanesAreDriverThenExecutorsAndBarsAreOrdered() {
    TimelinePlot t = TimelinePlot.of(TRIALS);
    assertThat(t.lanes()).containsExactly("driver", "executor 1 @ worker-a",
        "executor 2 @ worker-a", "executor 3 @ worker-b", "executor 4 @ worker-b");
    assertThat(t.bars()).hasSize(TRIALS.size());
    assertThat(t.bars()).allSatisfy(b -> assertThat(b.endMillis())
        .isGreaterThanOrEqualTo(b.startMillis()));
    long latest = t.bars().stream().mapToLong(TimelinePlot.Bar::endMillis).max().orElseThrow();
    TimelinePlot.Bar running = t.bars().get(t.bars().size() - 1);
    assertThat(running.state()).isEqualTo(TrialState.RUNNING);
    assertThat(running.endMillis()).isEqualTo(latest);
    assertThat(t.bars().stream().filter(b -> b.lane().equals("driver")).count()).isEqualTo(14);
  }

  @Test
  void timeline_executorIds_sortNumerically() {
    List<FrozenTrial> trials = new ArrayList<>();
    for (String id : List.of("10", "2", "driver-x")) {
      trials.add(new FrozenTrial(trials.size(), trials.size(), TrialState.COMPLETE, 1.0,
          Map.of(), Map.of(), new TreeMap<>(), Map.of(), Map.of("executor", id),
          SyntheticStudy.T0, SyntheticStudy.T0.plusSeconds(1)));
    }
    assertThat(TimelinePlot.of(trials).lanes())
        .containsExactly("executor 2", "executor 10", "executor driver-x");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void studyReport_emptyOrOneTrial_hasNoBestOrOneBest(int n) {
    StudyReport r = StudyReport.of(SyntheticStudy.oneDriver(n, 1, 0), Direction.MINIMIZE, "s");
    assertThat(r.bestNumber()).isEqualTo(n == 0 ? null : 0);
    assertThat(r.counts()).containsEntry("COMPLETE", n);
    assertThat(r.history().values()).hasSize(n);
    assertThat(r.importance().bars()).hasSize(n == 0 ? 0 : 4);
  }

  @Test
  void studyReport_bestAndCountsMatchTheTrials() {
    StudyReport r = StudyReport.of(TRIALS, Direction.MAXIMIZE, "digits");
    FrozenTrial best = Points.completed(TRIALS).stream()
        .max((a, b) -> Double.compare(a.value(), b.value())).orElseThrow();
    assertThat(r.bestNumber()).isEqualTo(best.number());
    assertThat(r.bestValue()).isEqualTo(best.value());
    assertThat(r.counts().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(TRIALS.size());
    assertThat(r.importance().ranking()).first().isEqualTo("n_estimators");
    assertThat(r.contour().panels().get(0).x().name()).isEqualTo("n_estimators");
  }

  @Test
  void studyReport_nullDirection_throws() {
    assertThatThrownBy(() -> StudyReport.of(TRIALS, null, "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("direction must not be null, but got null");
  }

  private static FrozenTrial trial(int n, TrialState state, double v) {
    return new FrozenTrial(n, n, state, v, Map.of(), Map.of(), new TreeMap<>(), Map.of(),
        Map.of(), null, null);
  }
}
