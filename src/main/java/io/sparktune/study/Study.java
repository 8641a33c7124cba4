package io.sparktune.study;

import static io.sparktune.internal.Checks.require;
import static io.sparktune.internal.Checks.requireState;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.sampler.Sampler;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.storage.Storage;
import io.sparktune.storage.StudyInfo;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A study: trials of one objective in one direction, a sampler that proposes parameters, a pruner
 * that stops bad trials early, and a storage that keeps them (Optuna's model).
 *
 * <pre>{@code
 * Study study = Study.builder().direction(Direction.MINIMIZE).sampler(new RandomSampler(42)).build();
 * study.optimize(t -> Math.pow(t.suggestFloat("x", -10, 10) - 2, 2), 100);
 * study.bestParams(); // {x=2.03...}
 * }</pre>
 *
 * <p>An objective that throws, returns NaN or outlives its trial timeout fails that trial only; the
 * study goes on. Thread-safe: {@link #optimize} runs trials on local threads; {@link #ask}/{@link
 * #tell} may be called from any thread.
 */
public final class Study implements StudyView {
  private static final Logger LOG = LoggerFactory.getLogger(Study.class);
  private static final Set<TrialState> ALL = Collections.unmodifiableSet(
      EnumSet.allOf(TrialState.class));

  private final Storage storage;
  private final StudyInfo info;
  private final Sampler sampler;
  private final Pruner pruner;
  /** Serializes sampler calls and trial starts (grid points and liar batches depend on it). */
  private final Object samplerLock = new Object();
  private final Map<Integer, StudyBackend> live = new ConcurrentHashMap<>();
  private volatile boolean stopRequested;

  private final Ticker ticker;

  private Study(Storage storage, StudyInfo info, Sampler sampler, Pruner pruner, Ticker ticker) {
    this.storage = storage;
    this.info = info;
    this.sampler = sampler;
    this.pruner = pruner;
    this.ticker = ticker;
  }

  /** A builder: a new study by default, or an existing one with {@code loadIfExists(true)}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String studyName() {
    return info.name();
  }

  @Override
  public Direction direction() {
    return info.direction();
  }

  /** The sampler. */
  public Sampler sampler() {
    return sampler;
  }

  /** The pruner. */
  public Pruner pruner() {
    return pruner;
  }

  /** The storage. */
  public Storage storage() {
    return storage;
  }

  /** The study's id in its storage. */
  public int studyId() {
    return info.studyId();
  }

  @Override
  public List<FrozenTrial> trials(Set<TrialState> states) {
    return storage.trials(info.studyId(), states);
  }

  @Override
  public void setTrialSystemAttr(FrozenTrial trial, String key, Object value) {
    storage.setTrialSystemAttr(trial.trialId(), key, value);
  }

  /** The number of trials in each state (every state present, zero if none). */
  public Map<TrialState, Integer> stateCounts() {
    Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
    for (TrialState s : TrialState.values()) {
      counts.put(s, 0);
    }
    for (FrozenTrial t : trials(ALL)) {
      counts.merge(t.state(), 1, Integer::sum);
    }
    return counts;
  }

  /** The best COMPLETE trial (the lowest number among ties). */
  public FrozenTrial bestTrial() {
    return findBestTrial().orElseThrow(() -> new IllegalStateException(
        "bestTrial is undefined: no trial of study '" + studyName() + "' is COMPLETE yet"));
  }

  /** The best COMPLETE trial, if any. */
  public Optional<FrozenTrial> findBestTrial() {
    return trials(EnumSet.of(TrialState.COMPLETE)).stream()
        .reduce((best, t) -> direction().isBetter(t.value(), best.value()) ? t : best);
  }

  /** The best trial's value. */
  public double bestValue() {
    return bestTrial().value();
  }

  /** The best trial's parameters. */
  public Map<String, Object> bestParams() {
    return bestTrial().params();
  }

  /** Asks started by {@link #optimize} stop; running trials finish. */
  public void stop() {
    stopRequested = true;
  }

  /** Whether {@link #stop} was called since the driver's run began. */
  boolean isStopRequested() {
    return stopRequested;
  }

  /** Clears a previous {@link #stop} (a driver's run begins). */
  void resetStop() {
    stopRequested = false;
  }

  /** The trial with that number. */
  public FrozenTrial trial(int number) {
    StudyBackend handle = live.get(number);
    if (handle != null) {
      return storage.trial(handle.trialId());
    }
    List<FrozenTrial> all = trials(ALL);
    require(number >= 0 && number < all.size(),
        "trial number must refer to a trial of study '%s', but got %d", studyName(), number);
    return all.get(number);
  }

  /**
   * Starts a trial with every parameter of {@code space} suggested, or returns empty if the
   * sampler is exhausted (a finished grid).
   */
  Optional<Trial> tryAsk(SearchSpace space) {
    StudyBackend t = startTrial(space);
    return t == null ? Optional.empty() : Optional.of(t.trial());
  }

  /**
   * Adds a WAITING trial whose parameters take the given values when suggested; the next {@link
   * #ask} runs it before the sampler proposes anything new.
   */
  public void enqueueTrial(Map<String, ?> params) {
    require(params != null, "params must not be null, but got null");
    storage.createTrial(info.studyId(), TrialState.WAITING,
        Map.of(StudyBackend.FIXED_PARAMS, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
  }

  /**
   * Starts a trial (define-by-run): the objective calls its {@code suggest*} methods.
   *
   * @throws IllegalStateException if the sampler is exhausted (a finished grid)
   */
  public Trial ask() {
    return ask(SearchSpace.empty());
  }

  /** Starts a trial and suggests every parameter of {@code space} up front. */
  public Trial ask(SearchSpace space) {
    StudyBackend t = startTrial(space);
    requireState(t != null, "sampler %s is exhausted: study '%s' has no trial left to ask",
        sampler, studyName());
    return t.trial();
  }

  /** Finishes the asked trial {@code number} as COMPLETE with {@code value} (NaN fails it). */
  public FrozenTrial tell(int number, double value) {
    return tell(number, TrialState.COMPLETE, value);
  }

  /** Finishes {@code trial} as COMPLETE with {@code value} (NaN fails it). */
  public FrozenTrial tell(Trial trial, double value) {
    return tell(trial.number(), TrialState.COMPLETE, value);
  }

  /**
   * Finishes the RUNNING trial {@code number} in {@code state}: COMPLETE needs a value (NaN turns
   * into FAIL, as in Optuna), PRUNED takes the last reported value, FAIL takes none.
   */
  public FrozenTrial tell(int number, TrialState state, Double value) {
    return tell(number, state, value, null);
  }

  /**
   * Like {@link #tell(int, TrialState, Double)}, with the reason a trial failed or was pruned
   * (kept in the {@code fail_reason} system attribute of a FAIL and logged).
   */
  public FrozenTrial tell(int number, TrialState state, Double value, String reason) {
    require(state != null && state.isFinished(),
        "state must be one of [COMPLETE, PRUNED, FAIL], but got %s", state);
    FrozenTrial t = trial(number);
    requireState(t.state() == TrialState.RUNNING,
        "trial %d is %s and cannot be told again", number, t.state());
    if (state == TrialState.COMPLETE) {
      require(value != null, "value must be given when state is COMPLETE, but got null");
    } else {
      require(value == null, "value must be null when state is %s, but got %s", state, value);
    }
    StudyBackend handle = live.get(number);
    Map<String, Object> params = handle != null ? handle.trial().params() : t.params();
    if (state == TrialState.COMPLETE && Double.isNaN(value)) {
      return finish(t.trialId(), params, TrialState.FAIL, null,
          "The value NaN is not acceptable.");
    }
    return finish(t.trialId(), params, state, value, reason);
  }

  /** Runs {@code nTrials} trials of {@code objective}, one at a time. */
  public void optimize(Objective objective, int nTrials) {
    optimize(objective, OptimizeOptions.trials(nTrials));
  }

  /**
   * Runs trials of {@code objective} on {@code options.parallelism()} local threads until {@code
   * nTrials} trials ran, the timeout passed (running trials are then cancelled and fail), {@link
   * #stop} was called (running trials finish) or the sampler is exhausted: the {@link StudyDriver}
   * over {@link TrialExecutor#localThreads}. Errors outside the objective (sampler, storage,
   * callbacks) stop the study and are rethrown.
   */
  public void optimize(Objective objective, OptimizeOptions options) {
    require(objective != null, "objective must not be null, but got null");
    try (TrialExecutor local = TrialExecutor.localThreads(options.parallelism())) {
      StudyDriver.Builder driver = StudyDriver.builder(this, local)
          .scheduler(Scheduler.fifo(objective, SearchSpace.empty()))
          .nTrials(options.nTrials()).timeout(options.timeout())
          .trialTimeout(options.trialTimeout()).ticker(ticker);
      options.callbacks().forEach(driver::callback);
      driver.build().run();
    }
  }

  /**
   * System attribute: when the trial's body ran where it ran, as a list of {@code [startMillis,
   * endMillis]} (epoch milliseconds, one pair per run: several for a resumed ASHA trial).
   */
  public static final String RUN_INTERVALS = "run_intervals_ms";

  /**
   * Writes what a trial's work recorded away from the study (reports made inside a Spark task, its
   * user attributes, where it ran) into the RUNNING trial {@code number}; steps already reported
   * live are kept.
   */
  void recordAway(int number, Outcome.Info info) {
    boolean timed = info.startMillis() > 0 && info.endMillis() >= info.startMillis();
    if (!timed && info.reports().isEmpty() && info.userAttrs().isEmpty()
        && info.systemAttrs().isEmpty()) {
      return;
    }
    FrozenTrial t = trial(number);
    if (t.state() != TrialState.RUNNING) {
      return;
    }
    if (timed) { // the report's timeline draws these, not the driver's create/finish times
      List<Object> runs = new ArrayList<>();
      if (t.systemAttrs().get(RUN_INTERVALS) instanceof List<?> earlier) {
        runs.addAll(earlier); // an ASHA trial resumed from a checkpoint runs several times
      }
      runs.add(List.of(info.startMillis(), info.endMillis()));
      storage.setTrialSystemAttr(t.trialId(), RUN_INTERVALS, runs);
    }
    info.reports().forEach((step, v) -> {
      if (!t.intermediateValues().containsKey(step)) {
        storage.reportIntermediate(t.trialId(), step, v);
      }
    });
    info.userAttrs().forEach((k, v) -> storage.setTrialUserAttr(t.trialId(), k, v));
    info.systemAttrs().forEach((k, v) -> storage.setTrialSystemAttr(t.trialId(), k, v));
  }

  /** Creates (or claims an enqueued) RUNNING trial; null if the sampler is exhausted. */
  private StudyBackend startTrial(SearchSpace space) {
    StudyBackend trial;
    synchronized (samplerLock) {
      Optional<FrozenTrial> waiting = storage.claimWaitingTrial(info.studyId());
      if (waiting.isEmpty() && sampler.isExhausted(this)) {
        return null;
      }
      FrozenTrial frozen = waiting.orElseGet(
          () -> storage.createTrial(info.studyId(), TrialState.RUNNING, Map.of()));
      try {
        sampler.beforeTrial(this, frozen);
        frozen = storage.trial(frozen.trialId());
        SearchSpace relative = sampler.inferRelativeSearchSpace(this, frozen);
        Map<String, Object> proposal = relative.isEmpty() ? Map.of()
            : sampler.sampleRelative(this, frozen, relative);
        trial = new StudyBackend(this, frozen, relative, proposal);
        live.put(frozen.number(), trial);
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
          trial.trial().suggest(e.getKey(), e.getValue());
        }
      } catch (RuntimeException | Error e) {
        storage.finishTrial(frozen.trialId(), TrialState.FAIL, null);
        storage.setTrialSystemAttr(frozen.trialId(), "fail_reason", Outcome.describe(e));
        live.remove(frozen.number());
        throw e;
      }
    }
    return trial;
  }

  Object sampleIndependent(int trialId, String name, Distribution d) {
    synchronized (samplerLock) {
      return sampler.sampleIndependent(this, storage.trial(trialId), name, d);
    }
  }

  FrozenTrial requireRunning(int trialId, String what) {
    FrozenTrial t = storage.trial(trialId);
    requireState(t.state() == TrialState.RUNNING, "trial %d is %s and cannot %s", t.number(),
        t.state(), what);
    return t;
  }

  boolean shouldPrune(int trialId) {
    return pruner.prune(this, requireRunning(trialId, "be pruned"));
  }

  private FrozenTrial finish(int trialId, Map<String, Object> params, TrialState state,
      Double value, String reason) {
    FrozenTrial before = storage.trial(trialId);
    Double stored = value;
    if (state == TrialState.PRUNED && !before.intermediateValues().isEmpty()) {
      stored = before.intermediateValues().get(before.intermediateValues().lastKey());
    }
    if (reason != null && state == TrialState.FAIL) {
      storage.setTrialSystemAttr(trialId, "fail_reason", reason);
    }
    if (!storage.finishTrial(trialId, state, stored)) {
      return null; // finished elsewhere (a timeout raced the objective); already logged
    }
    FrozenTrial done = storage.trial(trialId);
    live.remove(done.number());
    synchronized (samplerLock) {
      sampler.afterTrial(this, done, state, stored);
    }
    switch (state) {
      case COMPLETE -> {
        FrozenTrial best = bestTrial();
        LOG.info("Trial {} finished with value: {} and parameters: {}. Best is trial {} with value:"
            + " {}.", done.number(), value, params, best.number(), best.value());
      }
      case PRUNED -> LOG.info("Trial {} pruned. {}", done.number(), reason == null ? "" : reason);
      case FAIL -> LOG.warn("Trial {} failed with parameters: {} {}", done.number(), params,
          reason == null ? "(told FAIL without a reason)."
              : "because of the following error: " + reason);
      default -> throw new AssertionError(state);
    }
    return done;
  }

  /** Builds or loads a {@link Study}. */
  public static final class Builder {
    private String name;
    private Direction direction = Direction.MINIMIZE;
    private Sampler sampler;
    private Pruner pruner;
    private Storage storage;
    private boolean loadIfExists;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /** The time {@link Study#optimize} measures its timeouts with (default: the system's). */
    public Builder ticker(Ticker ticker) {
      require(ticker != null, "ticker must not be null, but got null");
      this.ticker = ticker;
      return this;
    }

    /** The study's unique name (default: a random {@code no-name-<uuid>}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Minimize (default) or maximize. */
    public Builder direction(Direction direction) {
      require(direction != null, "direction must be one of [minimize, maximize], but got null");
      this.direction = direction;
      return this;
    }

    /** The sampler (default: TPE with a random seed, as in Optuna). */
    public Builder sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /** The pruner (default: {@link MedianPruner}, as in Optuna). */
    public Builder pruner(Pruner pruner) {
      this.pruner = pruner;
      return this;
    }

    /** The storage (default: a fresh in-memory storage). */
    public Builder storage(Storage storage) {
      this.storage = storage;
      return this;
    }

    /** Load the study of that name if it exists instead of failing. */
    public Builder loadIfExists(boolean loadIfExists) {
      this.loadIfExists = loadIfExists;
      return this;
    }

    public Study build() {
      Storage st = storage != null ? storage : Storage.inMemory();
      String n = name != null ? name : "no-name-" + UUID.randomUUID();
      Optional<StudyInfo> existing = st.findStudy(n);
      StudyInfo info;
      if (existing.isPresent() && loadIfExists) {
        info = existing.get();
        require(info.direction() == direction,
            "direction must match stored study '%s' (%s), but got %s", n, info.direction(),
            direction);
      } else {
        info = st.createStudy(n, direction);
      }
      Sampler s = sampler != null ? sampler
          : io.sparktune.sampler.tpe.TpeSampler.builder().seed(new SplittableRandom().nextLong())
              .build();
      Pruner p = pruner != null ? pruner : new MedianPruner();
      return new Study(st, info, s, p, ticker);
    }
  }
}
