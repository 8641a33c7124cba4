package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import io.sparktune.storage.Storage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one study driver: a loop on the caller's thread that fills the {@link TrialExecutor}'s free
 * slots with the {@link Scheduler}'s work, applies each outcome to the {@link Study}, and owns
 * every policy that must mean the same in every mode (docs/adr/0007-study-driver.md has the
 * table):
 *
 * <ul>
 *   <li><b>slots</b>: {@link TrialExecutor#slots()} is read every turn (at least once a second),
 *       so the driver follows executors that come and go; plus the executor's {@link
 *       TrialExecutor#lookahead()} queued work in the asynchronous loop without a trial timeout;
 *   <li><b>study timeout</b>: no work starts after it, and running work is cancelled and failed
 *       ("cancelled: the study's timeout passed"; a cancelled ASHA promotion pauses again);
 *   <li><b>{@link Study#stop()}</b>: no work starts; running work finishes;
 *   <li><b>trial timeout</b>, from dispatch: the work is cancelled and its trial fails at once
 *       ("timed out after N s"); whatever the abandoned work says later is ignored;
 *   <li><b>lost work</b> (a task re-run after its executor died): the attempt fails and its
 *       parameters run again as a new trial, at most {@code maxRetries} times per parameter set;
 *   <li><b>executor stopped</b> ({@link TrialExecutor#stopped()}: the process is shutting down,
 *       e.g. YARN's SIGTERM to an ApplicationMaster): the driver ends at once, writing nothing for
 *       its running trials, which stay RUNNING for the next driver to fail and retry;
 *   <li><b>heartbeats</b> of every trial this driver holds (running and paused), when the storage
 *       has {@link Storage#heartbeats()};
 *   <li><b>progress</b>: one line per trial event (finished, pruned, failed, paused, promoted,
 *       lost), and a status line every {@code statusInterval}.
 * </ul>
 *
 * <p>Errors outside the work (sampler, storage, callbacks) cancel what runs and are rethrown.
 */
public final class StudyDriver {
  private static final Logger LOG = LoggerFactory.getLogger(StudyDriver.class);

  /** How free slots are refilled. */
  public enum Loop {
    /** Refill a slot the moment its work ends. */
    ASYNC,
    /** Fill all slots, wait for all of it, repeat (a baseline). */
    SYNC
  }

  /**
   * What a run did.
   *
   * @param wallSeconds the driver's wall time
   * @param newTrials trials started in this run (retries included)
   * @param promotions paused trials resumed to a higher rung
   * @param retried lost trials whose parameters ran again
   * @param busySlotSeconds the sum of the work's run times
   * @param meanSlots the mean number of slots over the run
   * @param utilization busy slot time over available slot time
   * @param paused trials left paused (RUNNING) at the end
   */
  public record Report(double wallSeconds, int newTrials, int promotions, int retried,
      double busySlotSeconds, double meanSlots, double utilization, int paused) {}

  /**
   * The settings, as built; durations in nanoseconds, {@link #NONE} for none.
   */
  private record Config(Study study, TrialExecutor executor, Scheduler scheduler, int nTrials,
      long timeout, long trialTimeout, int maxRetries, long status, long heartbeat, Loop loop,
      Ticker ticker, List<StudyCallback> callbacks) {}

  private static final long NONE = Long.MAX_VALUE;

  private final Config c;
  private final Study study;
  private final TrialExecutor executor;
  private final Scheduler scheduler;

  private StudyDriver(Config c) {
    this.c = c;
    this.study = c.study();
    this.executor = c.executor();
    this.scheduler = c.scheduler();
  }

  /** A driver for {@code study} whose work runs on {@code executor}. */
  public static Builder builder(Study study, TrialExecutor executor) {
    return new Builder(study, executor);
  }

  private record Done(Work work, Outcome outcome) {}

  private record Running(Work work, long startNanos) {}

  /** The loop's state for one run. */
  private final class Run {
    final LinkedBlockingQueue<Done> queue = new LinkedBlockingQueue<>();
    final Map<Integer, Running> running = new LinkedHashMap<>();
    final Map<Map<String, Object>, Integer> retries = new HashMap<>();
    final long t0 = c.ticker().nanoTime();
    long lastStatus = t0;
    long lastBeat = t0;
    long lastSample = t0;
    double slotNanos;
    double busy;
    long allowed = c.nTrials();
    int startedNew;
    int promotions;
    int retried;
    boolean stopping;
    boolean abandoned;
    int slots = 1;
  }

  /** Runs the study until its budget is spent, the timeout passed, it stopped, or no work is left. */
  public Report run() {
    Run r = new Run();
    study.resetStop();
    scheduler.start(study);
    boolean ok = false;
    try {
      loop(r);
      ok = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the study driver was interrupted", e);
    } finally {
      if (!ok) {
        executor.cancelAll();
      }
    }
    if (r.abandoned) {
      throw new IllegalStateException("the study driver stopped because its trial executor shut"
          + " down; the running trials stay RUNNING for the next driver to retry");
    }
    int paused = scheduler.end();
    double wall = (c.ticker().nanoTime() - r.t0) / 1e9;
    double meanSlots = wall > 0 ? r.slotNanos / 1e9 / wall : r.slots;
    logStatus(r);
    return new Report(wall, r.startedNew, r.promotions, r.retried, r.busy, meanSlots,
        wall > 0 && meanSlots > 0 ? r.busy / (meanSlots * wall) : 0, paused);
  }

  private void loop(Run r) throws InterruptedException {
    while (true) {
      long now = c.ticker().nanoTime();
      r.slots = Math.max(1, executor.slots());
      r.slotNanos += (double) r.slots * (now - r.lastSample);
      r.lastSample = now;
      if (!r.stopping && now - r.t0 >= c.timeout()) {
        r.stopping = true;
        LOG.info("Study {} reached its timeout of {} s: cancelling {} running trials",
            study.studyName(), seconds(c.timeout()), r.running.size());
        executor.cancelAll();
        for (Running x : new ArrayList<>(r.running.values())) {
          settle(r, x, failed("cancelled: the study's timeout passed"), true, now);
        }
      }
      r.stopping |= study.isStopRequested();
      if (!r.stopping && (c.loop() == Loop.ASYNC || r.running.isEmpty())) {
        int inFlight = r.slots + (c.loop() == Loop.ASYNC && c.trialTimeout() == NONE
            ? executor.lookahead() : 0);
        while (r.running.size() < inFlight) {
          Optional<Work> next = scheduler.next(r.startedNew < r.allowed);
          if (next.isEmpty()) {
            break;
          }
          dispatch(r, next.get());
        }
      }
      if (r.running.isEmpty()) {
        return;
      }
      Done d = c.ticker().poll(r.queue, waitNanos(r));
      now = c.ticker().nanoTime();
      Running x = d == null ? null : r.running.get(d.work().number());
      if (x != null && x.work() == d.work()) { // else: abandoned (timed out, cancelled)
        settle(r, x, d.outcome(), false, now);
      }
      if (executor.stopped()) {
        LOG.warn("Study {}: the trial executor stopped (the driver is shutting down); {} running"
            + " trials stay RUNNING for the next driver on this storage to retry",
            study.studyName(), r.running.size());
        r.running.clear();
        r.abandoned = true;
        return;
      }
      for (Running y : new ArrayList<>(r.running.values())) {
        if (now - y.startNanos() >= c.trialTimeout()) {
          executor.cancel(y.work());
          settle(r, y, failed("timed out after " + seconds(c.trialTimeout()) + " s"), false, now);
        }
      }
      if (now - r.lastBeat >= c.heartbeat()) {
        r.lastBeat = now;
        heartbeats(r);
      }
      if (now - r.lastStatus >= c.status()) {
        r.lastStatus = now;
        logStatus(r);
      }
    }
  }

  private static Outcome failed(String reason) {
    return new Outcome.Failed(reason, Outcome.Info.none());
  }

  private void dispatch(Run r, Work work) {
    if (work instanceof Work.Run) {
      r.startedNew++;
    } else if (work instanceof Work.Resume res) {
      r.promotions++;
      LOG.info("Trial {} promoted to rung {}: resuming from its checkpoint at rung {}",
          work.number(), res.toRung(), res.fromRung());
    }
    r.running.put(work.number(), new Running(work, c.ticker().nanoTime()));
    executor.submit(work, outcome -> r.queue.add(new Done(work, outcome)));
  }

  /** Applies an outcome of running work: what it recorded, then the scheduler's decision. */
  private void settle(Run r, Running x, Outcome outcome, boolean cancelled, long now) {
    Work work = x.work();
    int number = work.number();
    r.running.remove(number);
    double seconds = outcome.info().seconds();
    r.busy += seconds >= 0 ? seconds : (now - x.startNanos()) / 1e9;
    study.recordAway(number, outcome.info());
    Scheduler.Decision decision = scheduler.decide(work, outcome, cancelled);
    if (decision instanceof Scheduler.Decision.Finish f) {
      FrozenTrial done = study.tell(number, f.state(),
          f.state() == TrialState.COMPLETE ? f.value() : null, f.reason());
      if (done != null) {
        for (StudyCallback cb : c.callbacks()) {
          cb.onTrialFinished(study, done);
        }
      }
    } else if (decision instanceof Scheduler.Decision.Pause p) {
      LOG.info("Trial {} paused at rung {} with value {} after {} units of resource.", number,
          p.rung(), p.value(), p.budget());
    } else if (decision instanceof Scheduler.Decision.Requeue q) {
      LOG.warn("Trial {} was lost ({}); it resumes from its last checkpoint when promoted again",
          number, q.reason());
    } else if (decision instanceof Scheduler.Decision.Retry t) {
      study.tell(number, TrialState.FAIL, null, t.reason());
      int n = r.retries.merge(work.params(), 1, Integer::sum);
      if (n <= c.maxRetries()) {
        LOG.warn("Trial {} was lost; retrying its parameters as a new trial ({} of {})", number,
            n, c.maxRetries());
        study.enqueueTrial(work.params());
        r.allowed++;
        r.retried++;
      } else {
        LOG.warn("Trial {} was lost; no retry left ({} allowed)", number, c.maxRetries());
      }
    }
  }

  private void heartbeats(Run r) {
    Optional<Storage.Heartbeats> beats = study.storage().heartbeats();
    if (beats.isEmpty()) {
      return;
    }
    List<Integer> numbers = new ArrayList<>(r.running.keySet());
    numbers.addAll(scheduler.pausedTrials());
    for (int number : numbers) {
      try {
        beats.get().recordHeartbeat(study.trial(number).trialId());
      } catch (IllegalStateException finishedMeanwhile) {
        // a paused trial told PRUNED by another driver, or the like
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of trial {} failed: {}", number, e.toString());
      }
    }
  }

  /** Until the next status line, heartbeat, timeout or trial timeout; at most a second. */
  private long waitNanos(Run r) {
    long now = c.ticker().nanoTime();
    long wait = Math.min(c.status() - (now - r.lastStatus), c.heartbeat() - (now - r.lastBeat));
    if (!r.stopping) {
      wait = Math.min(wait, c.timeout() - (now - r.t0));
    }
    for (Running x : r.running.values()) {
      wait = Math.min(wait, c.trialTimeout() - (now - x.startNanos()));
    }
    // follow executors that come and go: read the slots at least once a second
    wait = Math.min(wait, TimeUnit.SECONDS.toNanos(1));
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait);
  }

  private void logStatus(Run r) {
    Map<TrialState, Integer> n = study.stateCounts();
    int paused = scheduler.pausedTrials().size();
    int running = Math.min(r.running.size(), r.slots);
    int queued = r.running.size() - running;
    String best = study.findBestTrial().map(t -> String.format(Locale.ROOT, "%s (trial %d)",
        t.value(), t.number())).orElse("none");
    LOG.info("Study {}: {} done ({} complete, {} pruned, {} failed), {} running, {} queued{},"
            + " best {}, slots busy {}/{}", study.studyName(),
        n.get(TrialState.COMPLETE) + n.get(TrialState.PRUNED) + n.get(TrialState.FAIL),
        n.get(TrialState.COMPLETE), n.get(TrialState.PRUNED), n.get(TrialState.FAIL), running,
        queued, paused > 0 ? ", " + paused + " paused" : "", best, running, r.slots);
  }

  private static String seconds(long nanos) {
    double s = TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0;
    return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
  }

  /** Builds a {@link StudyDriver}. */
  public static final class Builder {
    private final Study study;
    private final TrialExecutor executor;
    private Scheduler scheduler;
    private int nTrials = Integer.MAX_VALUE;
    private Duration timeout;
    private Duration trialTimeout;
    private int maxRetries = 2;
    private Duration statusInterval = Duration.ofSeconds(10);
    private Duration heartbeatInterval;
    private Loop loop = Loop.ASYNC;
    private Ticker ticker = Ticker.system();
    private final List<StudyCallback> callbacks = new ArrayList<>();

    private Builder(Study study, TrialExecutor executor) {
      require(study != null, "study must not be null, but got null");
      require(executor != null, "executor must not be null, but got null");
      this.study = study;
      this.executor = executor;
    }

    /** What runs and what outcomes mean (required): {@link Scheduler#fifo}, {@link Scheduler#asha}. */
    public Builder scheduler(Scheduler scheduler) {
      require(scheduler != null, "scheduler must not be null, but got null");
      this.scheduler = scheduler;
      return this;
    }

    /** New trials to start in this run; retries of lost trials come on top. */
    public Builder nTrials(int nTrials) {
      require(nTrials >= 0, "nTrials must be >= 0, but got %d", nTrials);
      this.nTrials = nTrials;
      return this;
    }

    /** After this, nothing starts and running work is cancelled; null for none. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout, true);
      return this;
    }

    /** A work running longer than this (from dispatch) is cancelled and fails; null for none. */
    public Builder trialTimeout(Duration trialTimeout) {
      this.trialTimeout = positive("trialTimeout", trialTimeout, true);
      return this;
    }

    /** How often the parameters of a lost trial run again (default 2). */
    public Builder maxRetries(int maxRetries) {
      require(maxRetries >= 0, "maxRetries must be >= 0, but got %d", maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /** How often the status line is logged (default 10 s). */
    public Builder statusInterval(Duration statusInterval) {
      this.statusInterval = positive("statusInterval", statusInterval, false);
      return this;
    }

    /** How often held trials heartbeat, when the storage has heartbeats (default: never). */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = positive("heartbeatInterval", heartbeatInterval, true);
      return this;
    }

    /** Asynchronous refill (default) or synchronous batches (FIFO only). */
    public Builder loop(Loop loop) {
      require(loop != null, "loop must be one of [ASYNC, SYNC], but got null");
      this.loop = loop;
      return this;
    }

    /** The driver's time (default {@link Ticker#system()}); tests inject a virtual one. */
    public Builder ticker(Ticker ticker) {
      require(ticker != null, "ticker must not be null, but got null");
      this.ticker = ticker;
      return this;
    }

    /** Called after each finished trial, on the driver's thread. */
    public Builder callback(StudyCallback callback) {
      require(callback != null, "callback must not be null, but got null");
      this.callbacks.add(callback);
      return this;
    }

    private static Duration positive(String name, Duration d, boolean nullable) {
      require(d == null ? nullable : !d.isNegative() && !d.isZero(),
          "%s must be > 0, but got %s", name, d);
      return d;
    }

    public StudyDriver build() {
      require(scheduler != null, "scheduler must be set, but got none");
      require(nTrials != Integer.MAX_VALUE || timeout != null,
          "nTrials or timeout must be set, but got neither");
      require(loop == Loop.ASYNC || scheduler instanceof FifoScheduler,
          "loop must be ASYNC unless the scheduler is FIFO, but got SYNC");
      return new StudyDriver(new Config(study, executor, scheduler, nTrials, nanos(timeout),
          nanos(trialTimeout), maxRetries, nanos(statusInterval), nanos(heartbeatInterval), loop,
          ticker, List.copyOf(callbacks)));
    }

    private static long nanos(Duration d) {
      return d == null ? NONE : d.toNanos();
    }
  }
}
