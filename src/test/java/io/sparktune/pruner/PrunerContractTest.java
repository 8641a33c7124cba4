package io.sparktune.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link PrunerContract} for every pruner, with settings that prune from the first steps. */
final class PrunerContractTest {
  @Nested
  final class Nop extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new NopPruner();
    }
  }

  @Nested
  final class Median extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new MedianPruner(0, 0, 1, 1);
    }
  }

  @Nested
  final class Percentile extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new PercentilePruner(25, 0, 0, 1, 1);
    }
  }

  @Nested
  final class SuccessiveHalving extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new SuccessiveHalvingPruner(1, 3, 0, 0);
    }
  }

  @Nested
  final class Hyperband extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new HyperbandPruner(1, 9, 3, 0);
    }
  }

  @Nested
  final class Threshold extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new ThresholdPruner(-2.5, 2.5, 0, 1); // symmetric: negation keeps the decisions
    }
  }

  @Nested
  final class Patient extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new PatientPruner(new MedianPruner(0, 0, 1, 1), 1);
    }
  }

  @Test
  void contract_prunesSomething_withMedian() {
    // the contract is not vacuous: a clearly worse curve is pruned by the median pruner
    io.sparktune.study.Study s = Fixtures.study("worse", io.sparktune.trial.Direction.MINIMIZE,
        new MedianPruner(0, 0, 1, 1));
    for (int i = 0; i < 3; i++) {
      s.tell(Fixtures.curve(s, 1.0, 0.9, 0.8), 0.8);
    }
    io.sparktune.trial.Trial bad = Fixtures.curve(s, 5.0);
    assertThat(bad.shouldPrune()).isTrue();
  }
}
