package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.NopPruner;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Trial;
import java.util.Optional;

/** {@link Scheduler#fifo}: new trials from the sampler, in order; no pausing. */
final class FifoScheduler implements Scheduler {
  private final Objective objective;
  private final SearchSpace space;
  private Study study;

  FifoScheduler(Objective objective, SearchSpace space) {
    require(objective != null, "objective must not be null, but got null");
    require(space != null, "space must not be null, but got null");
    this.objective = objective;
    this.space = space;
  }

  @Override
  public void start(Study study) {
    this.study = study;
  }

  @Override
  public Optional<Work> next(boolean mayStartNew) {
    if (!mayStartNew) {
      return Optional.empty();
    }
    Optional<Trial> t = study.tryAsk(space);
    if (t.isEmpty()) {
      return Optional.empty(); // the sampler is exhausted (a finished grid)
    }
    Trial trial = t.get(); // every parameter of the space is suggested, in its order
    return Optional.of(new Work.Run(trial.number(), trial.params(), space.params(), objective,
        trial, !(study.pruner() instanceof NopPruner), -1));
  }

  @Override
  public Decision decide(Work work, Outcome outcome, boolean cancelled) {
    return Decision.of(outcome);
  }
}
