package io.sparktune.sampler;

import io.sparktune.internal.RandomDraws;
import io.sparktune.internal.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RandomSamplerTest implements SamplerContract {

  @Override
  public Sampler sampler(long seed, SearchSpace space) {
    return new RandomSampler(seed);
  }

  @Test
  void sample_parallelWorkers_sameTrialsAsSequential() {
    List<Map<String, Object>> seq = paramsByNumber(1);
    List<Map<String, Object>> par = paramsByNumber(4);
    assertThat(par).isEqualTo(seq);
  }

  private static List<Map<String, Object>> paramsByNumber(int parallelism) {
    Study study = Study.builder().sampler(new RandomSampler(11)).build();
    study.optimize(t -> t.suggestFloat("x", -1, 1) + t.suggestLogInt("n", 1, 1000),
        OptimizeOptions.builder().nTrials(40).parallelism(parallelism).build());
    return study.trials().stream().sorted(Comparator.comparingInt(FrozenTrial::number))
        .map(FrozenTrial::params).toList();
  }

  @Test
  void sample_logUniform_medianNearGeometricMean() {
    SplittableDraws draws = new SplittableDraws();
    double[] xs = draws.draw(FloatDistribution.logUniform(1e-4, 1), 2001);
    java.util.Arrays.sort(xs);
    assertThat(xs[1000]).isBetween(3e-3, 3e-2); // geometric mean 1e-2
  }

  private static final class SplittableDraws {
    double[] draw(FloatDistribution d, int n) {
      double[] xs = new double[n];
      for (int i = 0; i < n; i++) {
        xs[i] = RandomDraws.internal(d, Seeds.trialRandom(3, i));
      }
      return xs;
    }
  }
}
