package io.sparktune.sampler.tpe;

import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.SamplerContract;
import io.sparktune.space.SearchSpace;
import org.junit.jupiter.api.Nested;

/**
 * The lead's {@link SamplerContract}, shared by every sampler, run against {@link TpeSampler} in
 * its default (multivariate) mode and in univariate mode.
 */
final class TpeSamplerSharedContractTest {

  @Nested
  final class Defaults implements SamplerContract {
    @Override
    public Sampler sampler(long seed, SearchSpace space) {
      return TpeSampler.builder().seed(seed).build();
    }
  }

  @Nested
  final class Univariate implements SamplerContract {
    @Override
    public Sampler sampler(long seed, SearchSpace space) {
      return TpeSampler.builder().seed(seed).multivariate(false).build();
    }
  }
}
