package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaDecision;
import io.sparktune.pruner.asha.AshaJob;
import io.sparktune.pruner.asha.AshaRunner;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Scheduler#asha}: the promotion variant of ASHA over an {@link AshaScheduler} event
 * machine. A new trial trains to rung 0's milestone, checkpoints and pauses (it stays RUNNING in
 * the study); a free slot promotes the best promotable paused trial (resumed from its checkpoint)
 * or starts a new trial. A trial that reaches the top rung is COMPLETE with its value there; NaN at
 * a rung prunes it; an objective that throws fails it. When the run ends, paused trials are told
 * PRUNED ("not promoted when the study ended"), or with {@link Builder#keepPaused} stay RUNNING for a
 * later run over the same storage. The scheduler's decisions are system attributes, so a new
 * driver rebuilds the state from the stored trials ({@link #start}) and resumes what the old one
 * left training.
 */
public final class AshaPolicy implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(AshaPolicy.class);

  private final AshaScheduler.Builder builder;
  private final AshaScheduler prebuilt;
  private final ResumableObjective objective;
  private final SearchSpace space;
  private final CheckpointStore store;
  private final boolean keepPaused;
  private final boolean deletePromoted;
  private Study study;
  private AshaScheduler asha;
  private boolean exhausted;
  private long resourceSpent;

  private AshaPolicy(Builder b) {
    this.builder = b.asha;
    this.prebuilt = b.prebuilt;
    this.objective = b.objective;
    this.space = b.space;
    this.store = b.store;
    this.keepPaused = b.keepPaused;
    this.deletePromoted = b.deletePromoted;
  }

  /** The resource (epochs, rounds) trained by the jobs of this run that came back with a value. */
  public long resourceSpent() {
    return resourceSpent;
  }

  @Override
  public void start(Study study) {
    this.study = study;
    this.asha = prebuilt != null ? prebuilt
        : builder.direction(study.direction()).attrWriter(AshaAttrs.Writer.to(study)).build();
    require(asha.direction() == study.direction(),
        "scheduler direction must be the study's %s, but got %s", study.direction(),
        asha.direction());
    asha.rebuild(study.trials());
    for (Map.Entry<Integer, TrialStatus> e : asha.state().trials().entrySet()) {
      int number = e.getKey();
      if (e.getValue() == TrialStatus.RUNNING) {
        LOG.warn("Trial {} was training when its driver stopped: resuming it from its last"
            + " checkpoint", number);
        asha.onLost(number); // paused again at its last rung, or failed if it has none
      }
      if (asha.state().trials().get(number) == TrialStatus.FAILED
          && study.trial(number).state() == TrialState.RUNNING) {
        study.tell(number, TrialState.FAIL, null,
            "lost with its driver before its first rung (no checkpoint to resume from)");
      }
    }
  }

  @Override
  public Optional<Work> next(boolean mayStartNew) {
    boolean mayStart = mayStartNew && !exhausted;
    if (!mayStart) {
      asha.closeToNewTrials();
    }
    AshaJob job = mayStart ? asha.nextJob() : asha.nextPromotion().orElse(null);
    if (job == null) {
      return Optional.empty();
    }
    if (job instanceof AshaJob.Promote p) {
      FrozenTrial t = study.trial(p.trialNumber());
      return Optional.of(new Work.Resume(t.number(), t.params(), t.distributions(), body(job),
          p.fromRung(), p.toRung()));
    }
    Optional<Trial> t = study.tryAsk(space);
    if (t.isEmpty()) {
      exhausted = true; // the sampler ran out: promotions only from now on
      return next(false);
    }
    int number = t.get().number();
    asha.onStarted(number); // every parameter of the space is suggested, in its order
    return Optional.of(new Work.Run(number, t.get().params(), space.params(), body(job), null,
        false, 0));
  }

  private Objective body(AshaJob job) {
    ResumableObjective o = objective;
    CheckpointStore s = store;
    return trial -> AshaRunner.run(o, job, trial, s);
  }

  @Override
  public Decision decide(Work work, Outcome outcome, boolean cancelled) {
    int number = work.number();
    int toRung = work instanceof Work.Resume r ? r.toRung() : 0;
    if (outcome instanceof Outcome.Completed c) {
      resourceSpent += asha.milestone(toRung)
          - (work instanceof Work.Resume r ? asha.milestone(r.fromRung()) : 0);
      AshaDecision d = asha.onResult(number, toRung, c.value());
      if (d == AshaDecision.COMPLETE) {
        return new Decision.Finish(TrialState.COMPLETE, c.value(), null);
      }
      if (d == AshaDecision.STOP) {
        return new Decision.Finish(TrialState.PRUNED, null, "reported NaN at rung " + toRung);
      }
      if (deletePromoted && work instanceof Work.Resume r) {
        try {
          store.delete(number, r.fromRung());
        } catch (IOException e) {
          LOG.warn("cannot delete the checkpoint of trial {} at rung {}: {}", number, r.fromRung(),
              e.toString());
        }
      }
      return new Decision.Pause(toRung, asha.milestone(toRung), c.value());
    }
    if (outcome instanceof Outcome.Lost || (cancelled && work instanceof Work.Resume)) {
      asha.onLost(number); // paused again at its last rung, or failed if it has none
      return asha.state().trials().get(number) == TrialStatus.FAILED
          ? new Decision.Retry(outcome.reason()) : new Decision.Requeue(outcome.reason());
    }
    asha.onFailed(number);
    return Decision.of(outcome); // pruned or failed
  }

  @Override
  public List<Integer> pausedTrials() {
    if (asha == null) {
      return List.of();
    }
    return asha.state().trials().entrySet().stream()
        .filter(e -> e.getValue() == TrialStatus.PAUSED
            && study.trial(e.getKey()).state() == TrialState.RUNNING)
        .map(Map.Entry::getKey).sorted().toList();
  }

  @Override
  public int end() {
    List<Integer> paused = pausedTrials();
    if (keepPaused) {
      if (!paused.isEmpty()) {
        LOG.info("Study {}: {} trials stay paused at their rungs (RUNNING, checkpoints kept); a"
            + " later run over the same storage with more trials may promote them",
            study.studyName(), paused.size());
      }
      return paused.size();
    }
    for (int number : paused) {
      asha.onFailed(number);
      study.tell(number, TrialState.PRUNED, null, "not promoted when the study ended");
    }
    return 0;
  }

  /** For the start line: "ASHA (promotion) over milestones [1, 3, 9]". */
  public String describe() {
    return "ASHA (promotion) over milestones "
        + (asha != null ? asha : prebuilt != null ? prebuilt : builder.build()).milestones();
  }

  /**
   * A policy over an already built {@code scheduler} (its direction must be the study's, and its
   * attribute writer should write into the study, or a restarted driver cannot rebuild it).
   * {@link Scheduler#asha} binds both for you.
   */
  public static Builder over(AshaScheduler scheduler, ResumableObjective objective,
      SearchSpace space, CheckpointStore store) {
    require(scheduler != null, "scheduler must not be null, but got null");
    Builder b = new Builder(AshaScheduler.builder(), objective, space, store);
    b.prebuilt = scheduler;
    return b;
  }

  /** Builds an {@link AshaPolicy}. */
  public static final class Builder {
    private final AshaScheduler.Builder asha;
    private AshaScheduler prebuilt;
    private final ResumableObjective objective;
    private final SearchSpace space;
    private final CheckpointStore store;
    private boolean keepPaused;
    private boolean deletePromoted = true;

    Builder(AshaScheduler.Builder asha, ResumableObjective objective, SearchSpace space,
        CheckpointStore store) {
      require(asha != null, "asha must not be null, but got null");
      require(objective != null, "objective must not be null, but got null");
      require(space != null, "space must not be null, but got null");
      require(store != null, "store must not be null, but got null");
      this.asha = asha;
      this.objective = objective;
      this.space = space;
      this.store = store;
    }

    /**
     * Leave trials still paused when the run ends RUNNING (checkpoints kept), so a later run over
     * the same storage may promote them (default: they are told PRUNED).
     */
    public Builder keepPaused() {
      this.keepPaused = true;
      return this;
    }

    /** Keep the checkpoint a promoted trial resumed from (default: deleted once it paused again). */
    public Builder keepPromotedCheckpoints() {
      this.deletePromoted = false;
      return this;
    }

    public AshaPolicy build() {
      return new AshaPolicy(this);
    }
  }
}
