package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.NopPruner;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.LinkedHashMap;
import java.util.Map;
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
    Trial trial = t.get();
    Map<String, Distribution> dists = new LinkedHashMap<>();
    trial.params().keySet().forEach(k -> dists.put(k, space.params().get(k)));
    return Optional.of(new Work.Run(trial.number(), trial.params(), dists, objective, trial,
        !(study.pruner() instanceof NopPruner), -1));
  }

  @Override
  public Decision decide(Work work, Outcome outcome, boolean cancelled) {
    if (outcome instanceof Outcome.Completed c) {
      return new Decision.Finish(TrialState.COMPLETE, c.value(), null); // NaN: the study fails it
    } else if (outcome instanceof Outcome.Pruned p) {
      return new Decision.Finish(TrialState.PRUNED, null, p.reason());
    } else if (outcome instanceof Outcome.Failed f) {
      return new Decision.Finish(TrialState.FAIL, null, f.reason());
    }
    return new Decision.Retry(((Outcome.Lost) outcome).reason());
  }

  @Override
  public String describe() {
    return "FIFO";
  }
}
