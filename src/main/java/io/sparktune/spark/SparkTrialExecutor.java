package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.study.Outcome;
import io.sparktune.study.TrialExecutor;
import io.sparktune.study.Work;
import io.sparktune.trial.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trials on Spark, for the {@link io.sparktune.study.StudyDriver}.
 *
 * <p>{@link #tasks}: each work is a one-task Spark job whose task runs the (serializable) body on an
 * executor ({@link SparkTask}); the body's failures come back as values, a task that Spark re-runs
 * after its executor was lost comes back {@link Outcome.Lost} without running the body again, and
 * with a pruner the body's reports and pruning questions reach the driver's live trial through an
 * authenticated {@link PruningChannel}. One work is kept queued beyond the free slots ({@link
 * #lookahead()}), so a freed core starts the next trial without waiting for a job submission.
 *
 * <p>{@link #jobs}: each work runs on a driver thread and starts its own distributed Spark jobs (an
 * MLlib fit) in a FAIR scheduler pool of its own: concurrent trials never share a pool, and pools
 * are reused ({@code sparktune-0}, {@code sparktune-1}, ...), so Spark creates at most one per
 * slot.
 *
 * <p>All jobs carry one job tag ({@link #cancelAll()} cancels them), each work its own job group
 * ({@link #cancel} cancels just that trial). Slots: the cluster's cores (which follow executors that
 * come and go) per {@code cpusPerTrial}, or a fixed count.
 *
 * <p>A trial that fails because the SparkContext stopped under it (the driver JVM is shutting
 * down) reports nothing: it stays RUNNING in the storage, exactly as after a kill -9, and the next
 * driver on that storage fails it as "driver lost" and retries it.
 */
public final class SparkTrialExecutor implements TrialExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTrialExecutor.class);

  private final JavaSparkContext jsc;
  /** True: bodies run inside Spark tasks; false: on driver threads that start Spark jobs. */
  private final boolean tasks;
  private final int cpusPerTrial;
  private final int fixedSlots;
  private final String tag;
  private final ExecutorService dispatchers;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Integer, String> groups = new ConcurrentHashMap<>();
  private final Map<Integer, Trial> live = new ConcurrentHashMap<>();
  /** The FAIR pools in use ({@code sparktune-<n>}); a job takes the lowest free one. */
  private final Set<Integer> busyPools = ConcurrentHashMap.newKeySet();
  private PruningChannel channel;

  private SparkTrialExecutor(Builder b) {
    this.jsc = JavaSparkContext.fromSparkContext(b.spark.sparkContext());
    this.tasks = b.tasks;
    this.cpusPerTrial = b.cpusPerTrial;
    this.fixedSlots = b.slots;
    this.tag = "sparktune-" + UUID.randomUUID().toString().substring(0, 8);
    this.dispatchers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sparktune-dispatch");
      t.setDaemon(true);
      return t;
    });
  }

  /** Trials as one-task Spark jobs. */
  public static Builder tasks(SparkSession spark) {
    return new Builder(spark, true);
  }

  /** Trials on driver threads, each starting its own Spark jobs. */
  public static Builder jobs(SparkSession spark) {
    return new Builder(spark, false);
  }

  @Override
  public int slots() {
    if (fixedSlots > 0) {
      return fixedSlots;
    }
    SparkContext sc = jsc.sc();
    int cores = sc.conf().contains("spark.default.parallelism")
        ? Math.max(1, sc.getExecutorMemoryStatus().size() - (sc.isLocal() ? 0 : 1))
            * sc.conf().getInt("spark.executor.cores", 1)
        : sc.defaultParallelism();
    return Math.max(1, cores / cpusPerTrial);
  }

  @Override
  public int lookahead() {
    return tasks ? 1 : 0;
  }

  @Override
  public void submit(Work work, Consumer<Outcome> done) {
    String group = tag + "-trial-" + work.number() + "-" + sequence.incrementAndGet();
    groups.put(work.number(), group);
    PruningChannel.Client client = null;
    if (tasks && work.remotePruning() && work.live() != null) {
      live.put(work.number(), work.live());
      client = channel().client();
    }
    SparkTask task = tasks ? new SparkTask(work.body(), work.number(), work.params(),
        work.distributions(), client) : null;
    String description = "sparktune " + work.description();
    dispatchers.execute(() -> {
      SparkContext sc = jsc.sc();
      sc.setJobGroup(group, description, true);
      sc.addJobTag(tag);
      int pool = tasks ? -1 : takePool();
      if (pool >= 0) {
        sc.setLocalProperty("spark.scheduler.pool", "sparktune-" + pool);
      }
      Outcome outcome;
      try {
        outcome = task != null
            ? jsc.parallelize(List.of(task), 1).map(SparkTask::run).collect().get(0)
            : work.runHere();
      } catch (Throwable e) {
        outcome = new Outcome.Failed("Spark job failed: " + rootMessage(e),
            Outcome.Info.none());
      } finally {
        if (pool >= 0) {
          sc.setLocalProperty("spark.scheduler.pool", null);
          busyPools.remove(pool);
        }
        sc.removeJobTag(tag);
        sc.clearJobGroup();
        groups.remove(work.number(), group);
        live.remove(work.number());
      }
      if (!(outcome instanceof Outcome.Completed || outcome instanceof Outcome.Pruned)
          && sc.isStopped()) {
        // The driver is going down (SIGTERM from YARN or Ctrl-C: Spark's shutdown hook stopped
        // the context and failed the trial's jobs). That is not the trial's failure: leave it
        // RUNNING, as a kill -9 would, so the next driver fails it as "driver lost" and retries
        // its parameters instead of counting a failure toward the budget.
        LOG.warn("Trial {} left RUNNING: the SparkContext stopped while it ran", work.number());
        return;
      }
      done.accept(outcome);
    });
  }

  private synchronized PruningChannel channel() {
    if (channel == null) {
      try {
        channel = PruningChannel.start(PruningChannel.driverBindAddress(
            jsc.sc().conf()), live::get);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the pruning channel", e);
      }
    }
    return channel;
  }

  private int takePool() {
    int pool = 0;
    while (!busyPools.add(pool)) {
      pool++;
    }
    return pool;
  }

  @Override
  public boolean stopped() {
    return jsc.sc().isStopped();
  }

  @Override
  public void cancel(Work work) {
    String group = groups.get(work.number());
    if (group != null) {
      jsc.sc().cancelJobGroup(group);
    }
  }

  @Override
  public void cancelAll() {
    jsc.sc().cancelJobsWithTag(tag);
  }

  @Override
  public synchronized void close() {
    dispatchers.shutdownNow();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("cannot close the pruning channel: {}", e.toString());
      }
      channel = null;
    }
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

  /** Builds a {@link SparkTrialExecutor}. */
  public static final class Builder {
    private final SparkSession spark;
    /** True: bodies run inside Spark tasks; false: on driver threads that start Spark jobs. */
  private final boolean tasks;
    private int cpusPerTrial = 1;
    private int slots;

    private Builder(SparkSession spark, boolean tasks) {
      require(spark != null, "spark must not be null, but got null");
      this.spark = spark;
      this.tasks = tasks;
    }

    /** Cores one trial occupies (default 1). */
    public Builder cpusPerTrial(int cpusPerTrial) {
      require(cpusPerTrial >= 1, "cpusPerTrial must be >= 1, but got %d", cpusPerTrial);
      this.cpusPerTrial = cpusPerTrial;
      return this;
    }

    /** A fixed number of slots, or 0 (default) to follow the cluster's cores. */
    public Builder slots(int slots) {
      require(slots >= 0, "slots must be >= 0, but got %d", slots);
      this.slots = slots;
      return this;
    }

    public SparkTrialExecutor build() {
      return new SparkTrialExecutor(this);
    }
  }
}
