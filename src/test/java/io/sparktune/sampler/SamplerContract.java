package io.sparktune.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.NopPruner;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every sampler must do (Optuna's {@code BasicSamplerTestCase}): values inside their
 * distributions, on the step grid, log values positive, categoricals among the choices, conditional
 * parameters, NaN handled, same seed same trials, other seed other trials.
 */
public interface SamplerContract {

  /** A sampler for {@code space} (grid samplers build their grid from it). */
  Sampler sampler(long seed, SearchSpace space);

  SearchSpace MIXED = SearchSpace.builder()
      .add("x", FloatDistribution.uniform(-3, 5))
      .add("lr", FloatDistribution.logUniform(1e-5, 1e-1))
      .add("dropout", FloatDistribution.stepped(0.0, 0.5, 0.1))
      .add("units", IntDistribution.uniform(1, 7))
      .add("batch", IntDistribution.logUniform(8, 512))
      .add("layers", IntDistribution.stepped(2, 11, 3))
      .add("kind", CategoricalDistribution.of("svm", 3, true, 2.5))
      .build();

  private Study run(long seed, SearchSpace space, int n) {
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(sampler(seed, space))
        .pruner(new NopPruner()).build();
    study.optimize(t -> {
      double sum = 0;
      for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
        Object v = e.getValue() instanceof FloatDistribution f ? t.suggestFloat(e.getKey(), f)
            : e.getValue() instanceof IntDistribution i ? t.suggestInt(e.getKey(), i)
            : t.suggestCategorical(e.getKey(), (CategoricalDistribution) e.getValue());
        sum += v instanceof Number x ? x.doubleValue() : v.hashCode() % 7;
      }
      return sum;
    }, n);
    return study;
  }

  @Test
  default void sample_mixedSpace_everyValueInsideItsDistribution() {
    Study study = run(7, MIXED, 30);
    assertThat(study.trials()).hasSize(30).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      for (Map.Entry<String, Distribution> e : MIXED.params().entrySet()) {
        Distribution d = e.getValue();
        assertThat(d.contains(t.internalParam(e.getKey())))
            .as("%s=%s in %s", e.getKey(), t.params().get(e.getKey()), d).isTrue();
      }
      assertThat((Double) t.params().get("lr")).isPositive();
      assertThat(List.<Object>of("svm", 3, true, 2.5)).contains(t.params().get("kind"));
      double dropout = (Double) t.params().get("dropout");
      assertThat(Math.abs(dropout * 10 - Math.rint(dropout * 10))).isLessThan(1e-9);
      assertThat(((Long) t.params().get("layers") - 2) % 3).isZero();
    });
  }

  @Test
  default void sample_sameSeed_sameParamsOver15Trials() {
    List<Map<String, Object>> a = run(42, MIXED, 15).trials().stream().map(FrozenTrial::params)
        .toList();
    List<Map<String, Object>> b = run(42, MIXED, 15).trials().stream().map(FrozenTrial::params)
        .toList();
    assertThat(a).isEqualTo(b);
  }

  @Test
  default void sample_differentSeed_differentParams() {
    List<Map<String, Object>> a = run(1, MIXED, 15).trials().stream().map(FrozenTrial::params)
        .toList();
    List<Map<String, Object>> b = run(2, MIXED, 15).trials().stream().map(FrozenTrial::params)
        .toList();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  default void sample_conditionalParams_onlyTheBranchTaken() {
    SearchSpace space = SearchSpace.builder()
        .add("model", CategoricalDistribution.of("linear", "tree"))
        .add("alpha", FloatDistribution.logUniform(1e-3, 1))
        .add("depth", IntDistribution.uniform(1, 9))
        .build();
    Study study = Study.builder().sampler(sampler(3, space)).pruner(new NopPruner()).build();
    study.optimize(t -> {
      String model = t.suggestCategorical("model", List.of("linear", "tree"));
      return model.equals("linear") ? t.suggestLogFloat("alpha", 1e-3, 1)
          : t.suggestInt("depth", 1, 9);
    }, 20);
    assertThat(study.trials()).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      if (t.params().get("model").equals("linear")) {
        assertThat(t.params()).containsOnlyKeys("model", "alpha");
        assertThat((Double) t.params().get("alpha")).isBetween(1e-3, 1.0);
      } else {
        assertThat(t.params()).containsOnlyKeys("model", "depth");
        assertThat((Long) t.params().get("depth")).isBetween(1L, 9L);
      }
    });
  }

  @Test
  default void sample_nanObjective_failsTrialsAndKeepsSampling() {
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();
    Study study = Study.builder().sampler(sampler(5, space)).pruner(new NopPruner()).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", 0, 1);
      return t.number() % 2 == 0 ? Double.NaN : x;
    }, 4);
    assertThat(study.stateCounts()).containsEntry(TrialState.FAIL, 2)
        .containsEntry(TrialState.COMPLETE, 2);
  }
}
