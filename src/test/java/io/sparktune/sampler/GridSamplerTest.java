package io.sparktune.sampler;

import io.sparktune.internal.RandomDraws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class GridSamplerTest implements SamplerContract {

  /** A grid of up to four values spread over each distribution. */
  @Override
  public Sampler sampler(long seed, SearchSpace space) {
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    space.params().forEach((name, d) -> grid.put(name, values(d)));
    return new GridSampler(grid, seed);
  }

  private static List<Object> values(Distribution d) {
    Set<Object> out = new java.util.LinkedHashSet<>();
    if (d instanceof CategoricalDistribution c) {
      return new ArrayList<>(c.choices());
    }
    for (double u : new double[] {0.0, 0.34, 0.67, 0.999}) {
      out.add(d.toExternal(RandomDraws.fromUnit(d, u)));
    }
    return new ArrayList<>(out);
  }

  private static final Map<String, List<Object>> GRID = Map.of(
      "n", List.of(1, 5, 10, 20, 50, 100, 200),
      "d", List.of(1, 5, 10, 20, 100));

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void optimize_parallelWorkers_everyPointExactlyOnce(int parallelism) {
    Study study = Study.builder().sampler(new GridSampler(GRID, 42)).build();
    study.optimize(t -> {
      Thread.sleep(1);
      return t.suggestInt("n", 1, 200) * 1000.0 + t.suggestInt("d", 1, 100);
    }, OptimizeOptions.builder().nTrials(100).parallelism(parallelism).build());
    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(35).allMatch(t -> t.state() == TrialState.COMPLETE);
    Set<Map<String, Object>> distinct = new HashSet<>();
    trials.forEach(t -> distinct.add(t.params()));
    assertThat(distinct).hasSize(35);
  }

  @Test
  void optimize_failingPoints_countAsVisitedAndStudyStops() {
    Study study = Study.builder().sampler(new GridSampler(Map.of("x", List.of(1, 2, 3)), 1))
        .build();
    study.optimize(t -> {
      long x = t.suggestInt("x", 1, 3);
      if (x == 2) {
        throw new IllegalStateException("boom");
      }
      return x;
    }, 10);
    assertThat(study.trials()).hasSize(3);
    assertThat(study.stateCounts()).containsEntry(TrialState.FAIL, 1)
        .containsEntry(TrialState.COMPLETE, 2);
  }

  @Test
  void ask_exhaustedGrid_throwsClearError() {
    Study study = Study.builder().name("g").sampler(new GridSampler(Map.of("x", List.of(1)), 1))
        .build();
    study.tell(study.ask(), 1.0);
    assertThatThrownBy(study::ask).isInstanceOf(IllegalStateException.class)
        .hasMessage("sampler GridSampler(1 points over [x]) is exhausted: study 'g' has no trial"
            + " left to ask");
  }

  @Test
  void suggest_parameterMissingFromGrid_failsTrialWithNamedParameter() {
    Study study = Study.builder().sampler(new GridSampler(Map.of("x", List.of(1, 2)), 1)).build();
    study.optimize(t -> t.suggestInt("x", 1, 2) + t.suggestFloat("y", 0, 1), 1);
    assertThat(study.trials().get(0).systemAttrs().get("fail_reason")).isEqualTo(
        "java.lang.IllegalArgumentException: parameter 'y' must be in the grid, but got a"
            + " parameter the grid lacks; grid parameters: [x]");
  }

  @Test
  void constructor_emptyValues_throws() {
    assertThatThrownBy(() -> new GridSampler(Map.of("x", List.of()), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid.x must have at least one value, but got []");
    assertThatThrownBy(() -> new GridSampler(Map.of("x", List.of(1, 1)), 1))
        .hasMessage("grid.x must not repeat a value, but got [1, 1]");
  }

  @Test
  void suggest_gridValueOutsideDistribution_failsTrial() {
    Study study = Study.builder().sampler(new GridSampler(Map.of("x", List.of(0.5, 7.0)), 1))
        .build();
    study.optimize(t -> t.suggestFloat("x", FloatDistribution.uniform(0, 1)), 2);
    assertThat(study.stateCounts()).containsEntry(TrialState.FAIL, 1)
        .containsEntry(TrialState.COMPLETE, 1);
    assertThat(study.trials(java.util.EnumSet.of(TrialState.FAIL)).get(0).systemAttrs()
        .get("fail_reason").toString()).contains("grid.x values must lie in the suggested");
  }

  @Test
  void size_cartesianProduct() {
    assertThat(new GridSampler(GRID, 0).size()).isEqualTo(35);
    assertThat(new GridSampler(Map.of("a", List.of(1, 2), "b", List.of("u", "v", "w")), 0)
        .size()).isEqualTo(6);
    assertThat(IntDistribution.uniform(1, 3).contains(2)).isTrue();
  }
}
