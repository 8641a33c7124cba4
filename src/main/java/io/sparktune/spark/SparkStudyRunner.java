package io.sparktune.spark;

import static io.sparktune.util.Checks.require;

import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a study's trials on a Spark cluster: the driver asks the sampler for as many trials as there
 * are free slots, dispatches them, and refills a slot the moment its trial ends: no polling sleep,
 * no barrier between batches ({@link Loop#SYNC} keeps the barrier, as a baseline).
 *
 * <p>{@link Mode#TASKS}: each trial is a one-task Spark job whose task runs the (serializable)
 * objective on an executor; failures come back as values, and a task that Spark re-runs after its
 * executor was lost is recorded as FAIL and its parameters retried as a new trial. {@link
 * Mode#JOBS}: each trial runs on a driver thread and starts its own distributed jobs (an MLlib fit)
 * in a FAIR scheduler pool of its own.
 *
 * <p>All jobs of a study carry one job tag, so the study timeout cancels what is still running;
 * each trial has its own job group, so a trial timeout cancels just that trial.
 */
public final class SparkStudyRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SparkStudyRunner.class);

  /** Where a trial's objective runs. */
  public enum Mode {
    /** Inside a Spark task on an executor (task-parallel). */
    TASKS,
    /** On a driver thread that starts distributed Spark jobs (job-parallel). */
    JOBS
  }

  /** How free slots are refilled. */
  public enum Loop {
    /** Refill a slot as soon as its trial ends. */
    ASYNC,
    /** Dispatch a batch that fills all slots and wait for all of it (baseline). */
    SYNC
  }

  /**
   * How the runner runs.
   *
   * @param mode tasks or jobs
   * @param loop async or sync
   * @param nTrials trials to run (retries of lost tasks come on top)
   * @param timeout after this, no trial starts and running ones are cancelled; null for none
   * @param trialTimeout a trial running longer is cancelled and fails; null for none
   * @param cpusPerTrial cores one trial occupies
   * @param slots fixed number of slots, or 0 to follow the cluster's cores
   * @param maxRetries how often the parameters of a lost task are retried as a new trial
   * @param statusInterval how often a one-line status is logged
   */
  public record Options(Mode mode, Loop loop, int nTrials, Duration timeout,
      Duration trialTimeout, int cpusPerTrial, int slots, int maxRetries,
      Duration statusInterval) {
    public Options {
      require(nTrials >= 1, "nTrials must be >= 1, but got %d", nTrials);
      require(cpusPerTrial >= 1, "cpusPerTrial must be >= 1, but got %d", cpusPerTrial);
      require(slots >= 0, "slots must be >= 0, but got %d", slots);
      require(maxRetries >= 0, "maxRetries must be >= 0, but got %d", maxRetries);
      require(mode == Mode.TASKS || loop == Loop.ASYNC,
          "loop must be async when mode is jobs, but got %s", loop);
    }

    /** Task-parallel, asynchronous, {@code nTrials} trials, 2 retries, status every 10 s. */
    public static Options tasks(int nTrials) {
      return new Options(Mode.TASKS, Loop.ASYNC, nTrials, null, null, 1, 0, 2,
          Duration.ofSeconds(10));
    }
  }

  /**
   * What a run measured.
   *
   * @param wallSeconds driver wall time of the run
   * @param busySlotSeconds sum of the trials' run times on executors
   * @param meanSlots the mean number of slots over the run
   * @param utilization busy slot time over available slot time
   */
  public record Report(double wallSeconds, double busySlotSeconds, double meanSlots,
      double utilization) {}

  /** Trials dispatched beyond the free slots in the async loop. */
  static final int LOOKAHEAD = 1;

  private final Study study;
  private final SparkSession spark;
  private final Options options;
  private final String tag;

  public SparkStudyRunner(Study study, SparkSession spark, Options options) {
    this.study = study;
    this.spark = spark;
    this.options = options;
    this.tag = "sparktune-" + study.studyName().replaceAll("[^A-Za-z0-9_-]", "_") + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Trial slots now: the cluster's cores (which follow executors that come and go) per trial. */
  public int slots() {
    if (options.slots() > 0) {
      return options.slots();
    }
    SparkContext sc = spark.sparkContext();
    int cores = sc.conf().contains("spark.default.parallelism")
        ? Math.max(1, sc.getExecutorMemoryStatus().size() - (sc.isLocal() ? 0 : 1))
            * sc.conf().getInt("spark.executor.cores", 1)
        : sc.defaultParallelism();
    return Math.max(1, cores / options.cpusPerTrial());
  }

  /** Runs the study; {@code space} declares every parameter the objective suggests. */
  public Report run(Objective objective, SearchSpace space) {
    require(objective != null, "objective must not be null, but got null");
    return options.mode() == Mode.TASKS ? runTasks(objective, space) : runJobs(objective, space);
  }

  private record Done(int number, TrialOutcome outcome, Throwable error) {}

  private static final class Running {
    final Trial trial;
    final long startNanos = System.nanoTime();
    final String group;
    volatile boolean timedOut;

    Running(Trial trial, String group) {
      this.trial = trial;
      this.group = group;
    }
  }

  private Report runTasks(Objective objective, SearchSpace space) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    Map<Integer, Running> running = new java.util.concurrent.ConcurrentHashMap<>();
    PruningChannel channel = openChannel(running);
    Map<Map<String, Object>, Integer> retries = new HashMap<>();
    ExecutorService dispatchers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sparktune-dispatch");
      t.setDaemon(true);
      return t;
    });
    long t0 = System.nanoTime();
    long lastStatus = t0;
    double busy = 0;
    double slotNanos = 0;
    long lastSlotSample = t0;
    int allowed = options.nTrials();
    int started = 0;
    boolean stopping = false;
    study.resetStop();
    try {
      while (true) {
        long now = System.nanoTime();
        int slots = slots();
        slotNanos += (double) slots * (now - lastSlotSample);
        lastSlotSample = now;
        if (!stopping && options.timeout() != null && now - t0 >= options.timeout().toNanos()) {
          stopping = true;
          LOG.info("Study {} reached its timeout of {} s: cancelling {} running trials",
              study.studyName(), options.timeout().toSeconds(), running.size());
          spark.sparkContext().cancelJobsWithTag(tag);
        }
        if (!stopping && study.isStopRequested()) {
          stopping = true;
        }
        if (!stopping && (options.loop() == Loop.ASYNC || running.isEmpty())) {
          // Async: one trial more than the slots is in flight, queued in Spark's scheduler, so a
          // freed core starts the next trial at once instead of waiting for a job submission.
          // (Not with a trial timeout, whose clock starts at dispatch.)
          int inFlight = slots + (options.loop() == Loop.ASYNC && options.trialTimeout() == null
              ? LOOKAHEAD : 0);
          while (running.size() < inFlight && started < allowed) {
            Optional<Trial> next = study.tryAsk(space);
            if (next.isEmpty()) {
              stopping = true;
              break;
            }
            started++;
            dispatch(jsc, objective, space, next.get(), running, done, dispatchers,
                channel == null ? null : channel.client());
          }
        }
        if (running.isEmpty()) {
          break;
        }
        Done d = done.poll(waitMillis(running, t0, lastStatus, stopping), TimeUnit.MILLISECONDS);
        now = System.nanoTime();
        if (d != null) {
          Running r = running.remove(d.number());
          busy += record(d, r, retries, stopping);
          if (d.outcome() != null && d.outcome().lost()
              && retries.getOrDefault(r.trial.params(), 0) <= options.maxRetries()
              && retries.get(r.trial.params()) != null) {
            allowed++;
          }
        }
        for (Running r : running.values()) {
          if (options.trialTimeout() != null && !r.timedOut
              && now - r.startNanos >= options.trialTimeout().toNanos()) {
            r.timedOut = true;
            spark.sparkContext().cancelJobGroup(r.group);
          }
        }
        if (now - lastStatus >= options.statusInterval().toNanos()) {
          lastStatus = now;
          logStatus(running.size(), slots);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spark.sparkContext().cancelJobsWithTag(tag);
      throw new IllegalStateException("the study driver was interrupted", e);
    } finally {
      dispatchers.shutdownNow();
      closeChannel(channel);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double meanSlots = wall > 0 ? slotNanos / 1e9 / wall : slots();
    logStatus(0, slots());
    return new Report(wall, busy, meanSlots, wall > 0 ? busy / (meanSlots * wall) : 0);
  }

  private long waitMillis(Map<Integer, Running> running, long t0, long lastStatus,
      boolean stopping) {
    long now = System.nanoTime();
    long wait = options.statusInterval().toNanos() - (now - lastStatus);
    if (!stopping && options.timeout() != null) {
      wait = Math.min(wait, options.timeout().toNanos() - (now - t0));
    }
    if (options.trialTimeout() != null) {
      for (Running r : running.values()) {
        if (!r.timedOut) {
          wait = Math.min(wait, options.trialTimeout().toNanos() - (now - r.startNanos));
        }
      }
    }
    // Follow executors that come and go: look at the slot count at least every second.
    wait = Math.min(wait, TimeUnit.SECONDS.toNanos(1));
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
  }

  /**
   * The in-trial pruning channel, when the study has a pruner: tasks then report to and ask the
   * driver's live trials, so decisions see every report made up to that moment.
   */
  private PruningChannel openChannel(Map<Integer, Running> running) {
    if (study.pruner() instanceof io.sparktune.pruner.NopPruner) {
      return null;
    }
    try {
      return PruningChannel.start(PruningChannel.driverBindAddress(spark.sparkContext().conf()),
          n -> {
            Running r = running.get(n);
            return r == null ? null : r.trial;
          });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot open the pruning channel", e);
    }
  }

  private static void closeChannel(PruningChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (java.io.IOException e) {
        LOG.warn("cannot close the pruning channel: {}", e.toString());
      }
    }
  }

  private void dispatch(JavaSparkContext jsc, Objective objective, SearchSpace space, Trial trial,
      Map<Integer, Running> running, LinkedBlockingQueue<Done> done, ExecutorService pool,
      PruningChannel.Client client) {
    Map<String, Distribution> dists = new LinkedHashMap<>();
    trial.params().keySet().forEach(k -> dists.put(k, space.params().get(k)));
    TrialSpec spec = new TrialSpec(study.studyName(), trial.number(), trial.params(), dists);
    String group = tag + "-trial-" + trial.number();
    running.put(trial.number(), new Running(trial, group));
    Objective obj = objective;
    pool.execute(() -> {
      SparkContext sc = jsc.sc();
      sc.setJobGroup(group, "sparktune trial " + spec.number(), true);
      sc.addJobTag(tag);
      try {
        List<TrialOutcome> out = jsc.parallelize(List.of(spec), 1)
            .map(s -> TrialTask.run(obj, s, client)).collect();
        done.add(new Done(spec.number(), out.get(0), null));
      } catch (Throwable e) {
        done.add(new Done(spec.number(), null, e));
      } finally {
        sc.removeJobTag(tag);
        sc.clearJobGroup();
      }
    });
  }

  /** Records a finished trial; returns its busy seconds. */
  private double record(Done d, Running r, Map<Map<String, Object>, Integer> retries,
      boolean stopping) {
    int number = d.number();
    FrozenTrial frozen = study.trial(number);
    TrialOutcome o = d.outcome();
    if (o == null) {
      String reason = r.timedOut
          ? "timed out after " + options.trialTimeout().toMillis() / 1000.0 + " s"
          : stopping ? "cancelled: the study's timeout passed"
          : "Spark job failed: " + rootMessage(d.error());
      study.tell(number, TrialState.FAIL, null, reason);
      return (System.nanoTime() - r.startNanos) / 1e9;
    }
    SortedMap<Integer, Double> known = frozen.intermediateValues(); // sent live by the channel
    o.reports().forEach((step, v) -> {
      if (!known.containsKey(step)) {
        r.trial.report(v, step);
      }
    });
    o.userAttrs().forEach(r.trial::setUserAttr);
    study.setTrialSystemAttr(frozen, "executor", o.executorId());
    study.setTrialSystemAttr(frozen, "host", o.host());
    double seconds = (o.endMillis() - o.startMillis()) / 1000.0;
    if (r.timedOut) {
      study.tell(number, TrialState.FAIL, null,
          "timed out after " + options.trialTimeout().toMillis() / 1000.0 + " s");
    } else if (o.lost()) {
      study.tell(number, TrialState.FAIL, null, o.reason());
      int n = retries.merge(r.trial.params(), 1, Integer::sum);
      if (n <= options.maxRetries()) {
        LOG.warn("Trial {} was lost with its executor; retrying its parameters as a new trial"
            + " ({} of {})", number, n, options.maxRetries());
        study.enqueueTrial(r.trial.params());
      } else {
        LOG.warn("Trial {} was lost with its executor; no retry left ({} allowed)", number,
            options.maxRetries());
      }
    } else {
      study.tell(number, o.state(), o.state() == TrialState.COMPLETE ? o.value() : null,
          o.reason());
    }
    return seconds;
  }

  /** The innermost cause's class and first message line (what a failed Spark job says). */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getName()
        : t.getClass().getName() + ": " + t.getMessage().lines().findFirst().orElse("");
  }

  private void logStatus(int running, int slots) {
    Map<TrialState, Integer> c = study.stateCounts();
    String best = study.findBestTrial().map(t -> String.format(Locale.ROOT, "%s (trial %d)",
        t.value(), t.number())).orElse("none");
    LOG.info("Study {}: {} done ({} complete, {} pruned, {} failed), {} running, best {}, slots"
            + " busy {}/{}", study.studyName(),
        c.get(TrialState.COMPLETE) + c.get(TrialState.PRUNED) + c.get(TrialState.FAIL),
        c.get(TrialState.COMPLETE), c.get(TrialState.PRUNED), c.get(TrialState.FAIL), running,
        best, Math.min(running, slots), slots);
  }

  private Report runJobs(Objective objective, SearchSpace space) {
    SparkContext sc = spark.sparkContext();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparktune-timeouts");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger pool = new AtomicInteger();
    ThreadLocal<String> poolName = ThreadLocal.withInitial(
        () -> "sparktune-" + pool.getAndIncrement());
    double[] busy = {0};
    Objective wrapped = trial -> {
      String group = tag + "-trial-" + trial.number();
      sc.setJobGroup(group, "sparktune trial " + trial.number(), true);
      sc.addJobTag(tag);
      sc.setLocalProperty("spark.scheduler.pool", poolName.get());
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> cancel = options.trialTimeout() == null ? null
          : timer.schedule(() -> {
            timedOut.set(true);
            sc.cancelJobGroup(group);
          }, options.trialTimeout().toMillis(), TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      try {
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
          suggest(trial, e.getKey(), e.getValue());
        }
        return objective.evaluate(trial);
      } catch (Exception e) {
        if (timedOut.get()) {
          throw new TimeoutException(
              "timed out after " + options.trialTimeout().toMillis() / 1000.0 + " s");
        }
        throw e;
      } finally {
        if (cancel != null) {
          cancel.cancel(false);
        }
        synchronized (busy) {
          busy[0] += (System.nanoTime() - start) / 1e9;
        }
        sc.setLocalProperty("spark.scheduler.pool", null);
        sc.removeJobTag(tag);
        sc.clearJobGroup();
      }
    };
    ScheduledFuture<?> studyTimeout = options.timeout() == null ? null
        : timer.schedule(() -> sc.cancelJobsWithTag(tag), options.timeout().toMillis(),
            TimeUnit.MILLISECONDS);
    int slots = slots();
    long t0 = System.nanoTime();
    try {
      OptimizeOptions.Builder b = OptimizeOptions.builder().nTrials(options.nTrials())
          .parallelism(slots);
      if (options.timeout() != null) {
        b.timeout(options.timeout());
      }
      study.optimize(wrapped, b.build());
    } finally {
      if (studyTimeout != null) {
        studyTimeout.cancel(false);
      }
      timer.shutdownNow();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    logStatus(0, slots);
    return new Report(wall, busy[0], slots, wall > 0 ? busy[0] / (slots * wall) : 0);
  }

  private static void suggest(Trial trial, String name, Distribution d) {
    if (d instanceof io.sparktune.space.FloatDistribution f) {
      trial.suggestFloat(name, f);
    } else if (d instanceof io.sparktune.space.IntDistribution i) {
      trial.suggestInt(name, i);
    } else {
      trial.suggestCategorical(name, (io.sparktune.space.CategoricalDistribution) d);
    }
  }
}
