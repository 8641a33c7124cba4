package io.sparktune.spark;

import static io.sparktune.util.Checks.require;

import io.sparktune.pruner.asha.AshaDecision;
import io.sparktune.pruner.asha.AshaJob;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a study with the <em>promotion</em> variant of ASHA on Spark: whenever a slot frees, the
 * driver asks the {@link AshaScheduler} for the next job, which either promotes a paused trial
 * (resumed from its checkpoint and trained to the next rung's milestone) or starts a new trial at
 * rung 0 with parameters from the study's sampler. Nobody waits for a rung to fill. Completions
 * come back through a queue, no polling.
 *
 * <p>Paused trials stay RUNNING in the study. A trial that reaches the top rung is told COMPLETE
 * with its value there; one that reports NaN is told PRUNED; one whose objective throws is told
 * FAIL. When the run ends (all new trials started and nothing left to promote, the timeout, or
 * {@link Study#stop}), every trial still paused is told PRUNED with its last value, unless {@link
 * Options#keepPaused()}: then paused trials stay RUNNING (paused at their rung, checkpoint kept),
 * and a later run over the same storage, extended with more new trials, may promote them. The
 * scheduler's decisions are trial system attributes, so a new driver's runner rebuilds the state
 * from the stored trials ({@link AshaScheduler#rebuild}) and resumes paused trials from their
 * checkpoints; jobs that died with the old driver are taken back ({@link AshaScheduler#onLost}).
 *
 * <p>{@link SparkStudyRunner.Mode#JOBS}: each job runs on a driver thread and starts its own Spark
 * jobs (an MLlib fit) in a FAIR pool of its own. {@link SparkStudyRunner.Mode#TASKS}: each job is a
 * one-task Spark job; the objective and the checkpoint store must then be serializable and the
 * store reachable from executors ({@link HadoopCheckpointStore}).
 *
 * <p>Objectives that cannot checkpoint get the stopping variant instead: an ordinary objective
 * ({@link ResumableObjective#evaluateStopping}) run by {@link SparkStudyRunner} in a study whose
 * pruner is a {@link io.sparktune.pruner.SuccessiveHalvingPruner} or a {@link
 * io.sparktune.pruner.MedianPruner}.
 */
public final class AshaStudyRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AshaStudyRunner.class);

  /**
   * How the runner runs.
   *
   * @param mode where jobs run
   * @param nTrials new trials to start in this run
   * @param slots jobs at once, or 0 to follow the cluster's cores
   * @param timeout no job starts after this, running ones are cancelled; null for none
   * @param deletePromoted delete the checkpoint a promoted trial resumed from once it paused again
   * @param statusInterval how often a one-line status is logged
   * @param keepPaused leave trials paused at the end of the run RUNNING (resumable by a later run
   *     over the same storage) instead of telling them PRUNED
   */
  public record Options(SparkStudyRunner.Mode mode, int nTrials, int slots, Duration timeout,
      boolean deletePromoted, Duration statusInterval, boolean keepPaused) {
    public Options {
      require(mode != null, "mode must be one of [TASKS, JOBS], but got null");
      require(nTrials >= 0, "nTrials must be >= 0, but got %d", nTrials);
      require(slots >= 0, "slots must be >= 0, but got %d", slots);
      require(statusInterval != null && !statusInterval.isNegative() && !statusInterval.isZero(),
          "statusInterval must be positive, but got %s", statusInterval);
    }

    /**
     * {@code nTrials} new trials in {@code mode}, cluster slots, no timeout, paused trials pruned
     * at the end.
     */
    public static Options of(SparkStudyRunner.Mode mode, int nTrials) {
      return new Options(mode, nTrials, 0, null, true, Duration.ofSeconds(10), false);
    }

    /** These options with {@link #keepPaused()} set to {@code keep}. */
    public Options withKeepPaused(boolean keep) {
      return new Options(mode, nTrials, slots, timeout, deletePromoted, statusInterval, keep);
    }
  }

  /**
   * What a run did.
   *
   * @param wallSeconds driver wall time
   * @param newTrials trials started at rung 0
   * @param promotions paused trials resumed to a higher rung
   * @param resourceSpent resource trained in all jobs (epochs)
   * @param busySlotSeconds sum of the jobs' run times
   * @param slots the slots the run used
   * @param utilization busy slot time over available slot time
   * @param paused trials left paused (RUNNING) at the end, with {@link Options#keepPaused()}
   */
  public record Report(double wallSeconds, int newTrials, int promotions, long resourceSpent,
      double busySlotSeconds, int slots, double utilization, int paused) {}

  private final Study study;
  private final SparkSession spark;
  private final AshaScheduler scheduler;
  private final CheckpointStore store;
  private final Options options;
  private final String tag;

  /**
   * @param study the study; the scheduler ranks in its direction
   * @param spark the session jobs run in
   * @param scheduler the scheduler, writing its attributes into {@code study}
   * @param store where checkpoints live
   * @param options how to run
   */
  public AshaStudyRunner(Study study, SparkSession spark, AshaScheduler scheduler,
      CheckpointStore store, Options options) {
    require(scheduler.direction() == study.direction(),
        "scheduler direction must be the study's %s, but got %s", study.direction(),
        scheduler.direction());
    this.study = study;
    this.spark = spark;
    this.scheduler = scheduler;
    this.store = store;
    this.options = options;
    this.tag = "sparktune-asha-" + study.studyName().replaceAll("[^A-Za-z0-9_-]", "_") + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Jobs at once: the fixed slot count, or the cluster's cores. */
  public int slots() {
    return options.slots() > 0 ? options.slots()
        : Math.max(1, spark.sparkContext().defaultParallelism());
  }

  private record Running(AshaJob job, long startNanos) {}

  private record Done(int number, AshaTask.Result result, Throwable error) {}

  /** Runs the study; {@code space} declares every parameter the objective suggests. */
  public Report run(ResumableObjective objective, SearchSpace space) {
    require(objective != null, "objective must not be null, but got null");
    recover();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    Map<Integer, Running> running = new HashMap<>();
    int slots = slots();
    ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
      Thread t = new Thread(r, "sparktune-asha");
      t.setDaemon(true);
      return t;
    });
    long t0 = System.nanoTime();
    long lastStatus = t0;
    int started = 0;
    int promotions = 0;
    long resource = 0;
    double busy = 0;
    boolean exhausted = false;
    boolean stopping = false;
    study.resetStop();
    try {
      while (true) {
        long now = System.nanoTime();
        if (!stopping && options.timeout() != null && now - t0 >= options.timeout().toNanos()) {
          stopping = true;
          LOG.info("Study {} reached its timeout of {} s: cancelling {} running jobs",
              study.studyName(), options.timeout().toSeconds(), running.size());
          spark.sparkContext().cancelJobsWithTag(tag);
        }
        stopping |= study.isStopRequested();
        while (!stopping && running.size() < slots) {
          boolean mayStart = started < options.nTrials() && !exhausted;
          if (!mayStart) {
            scheduler.closeToNewTrials();
          }
          AshaJob job = mayStart ? scheduler.nextJob()
              : scheduler.nextPromotion().orElse(null);
          if (job == null) {
            break;
          }
          int number;
          Map<String, Object> params;
          if (job instanceof AshaJob.Promote p) {
            number = p.trialNumber();
            params = study.trial(number).params();
            promotions++;
          } else {
            Optional<Trial> t = study.tryAsk(space);
            if (t.isEmpty()) {
              exhausted = true;
              continue;
            }
            number = t.get().number();
            params = t.get().params();
            scheduler.onStarted(number);
            started++;
          }
          running.put(number, new Running(job, System.nanoTime()));
          dispatch(jsc, new AshaTask.Spec(objective, job, number, new HashMap<>(params), store),
              done, pool);
        }
        if (running.isEmpty()) {
          break;
        }
        Done d = done.poll(waitMillis(t0, lastStatus, stopping), TimeUnit.MILLISECONDS);
        if (d != null) {
          Running r = running.remove(d.number());
          busy += (System.nanoTime() - r.startNanos()) / 1e9;
          resource += record(d, r.job(), stopping);
        }
        if (System.nanoTime() - lastStatus >= options.statusInterval().toNanos()) {
          lastStatus = System.nanoTime();
          logStatus(running.size(), slots);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spark.sparkContext().cancelJobsWithTag(tag);
      throw new IllegalStateException("the study driver was interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    int paused = 0;
    if (options.keepPaused()) {
      paused = pausedTrials().size();
      if (paused > 0) {
        LOG.info("Study {}: {} trials stay paused at their rungs (RUNNING, checkpoints kept); a"
            + " later run over the same storage with more trials may promote them",
            study.studyName(), paused);
      }
    } else {
      pruneRemaining();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    logStatus(0, slots);
    return new Report(wall, started, promotions, resource, busy, slots,
        wall > 0 ? busy / (slots * wall) : 0, paused);
  }

  /**
   * Rebuilds the scheduler from the stored trials; takes back the jobs of trials that a previous
   * driver left training, and fails those that cannot resume.
   */
  private void recover() {
    List<FrozenTrial> trials = study.trials();
    scheduler.rebuild(trials);
    Map<Integer, TrialStatus> statuses = scheduler.state().trials();
    for (Map.Entry<Integer, TrialStatus> e : statuses.entrySet()) {
      if (e.getValue() == TrialStatus.RUNNING) {
        LOG.warn("Trial {} was training when its driver stopped: resuming it from its last"
            + " checkpoint", e.getKey());
        scheduler.onLost(e.getKey());
      }
    }
    for (Map.Entry<Integer, TrialStatus> e : scheduler.state().trials().entrySet()) {
      FrozenTrial t = study.trial(e.getKey());
      if (t.state() == TrialState.RUNNING && e.getValue() == TrialStatus.FAILED) {
        study.tell(t.number(), TrialState.FAIL, null,
            "lost with its driver before its first rung (no checkpoint to resume from)");
      }
    }
  }

  private void dispatch(JavaSparkContext jsc, AshaTask.Spec spec, LinkedBlockingQueue<Done> done,
      ExecutorService pool) {
    String group = tag + "-trial-" + spec.number();
    String description = "sparktune asha trial " + spec.number() + " to rung "
        + spec.job().toRung();
    pool.execute(() -> {
      SparkContext sc = jsc.sc();
      sc.setJobGroup(group, description, true);
      sc.addJobTag(tag);
      sc.setLocalProperty("spark.scheduler.pool", "sparktune-" + Thread.currentThread().getId());
      try {
        AshaTask.Result result = options.mode() == SparkStudyRunner.Mode.JOBS
            ? AshaTask.run(spec)
            : jsc.parallelize(List.of(spec), 1).map(AshaTask::run).collect().get(0);
        done.add(new Done(spec.number(), result, null));
      } catch (Throwable e) {
        done.add(new Done(spec.number(), null, e));
      } finally {
        sc.setLocalProperty("spark.scheduler.pool", null);
        sc.removeJobTag(tag);
        sc.clearJobGroup();
      }
    });
  }

  /** Feeds a finished job to the scheduler and the study; returns the resource it trained. */
  private long record(Done d, AshaJob job, boolean stopping) {
    int number = d.number();
    int from = job instanceof AshaJob.Promote p ? p.fromBudget() : 0;
    AshaTask.Result res = d.result();
    if (res == null || res.error() != null) {
      if (stopping && job instanceof AshaJob.Promote) {
        scheduler.onLost(number); // cancelled: paused again at its last rung, pruned at the end
        return 0;
      }
      String reason = stopping ? "cancelled: the study's timeout passed"
          : res != null ? res.error()
          : "Spark job failed: " + SparkStudyRunner.rootMessage(d.error());
      LOG.warn("Trial {} failed at rung {} with parameters {} because of the following error: {}",
          number, job.toRung(), study.trial(number).params(), reason);
      scheduler.onFailed(number);
      study.tell(number, TrialState.FAIL, null, reason);
      return 0;
    }
    FrozenTrial frozen = study.trial(number);
    study.storage().reportIntermediate(frozen.trialId(), job.budget(), res.value());
    res.userAttrs().forEach((k, v) -> study.storage().setTrialUserAttr(frozen.trialId(), k, v));
    AshaDecision decision = scheduler.onResult(number, job.toRung(), res.value());
    switch (decision) {
      case COMPLETE -> study.tell(number, TrialState.COMPLETE, res.value());
      case STOP -> study.tell(number, TrialState.PRUNED, null,
          "reported NaN at rung " + job.toRung());
      case PAUSE -> {
        if (options.deletePromoted() && job instanceof AshaJob.Promote p) {
          deleteQuietly(number, p.fromRung());
        }
      }
      default -> throw new AssertionError(decision);
    }
    return job.budget() - from;
  }

  /** Tells every trial that is still paused PRUNED: the run will not promote it. */
  private void pruneRemaining() {
    for (int number : pausedTrials()) {
      scheduler.onFailed(number);
      study.tell(number, TrialState.PRUNED, null, "not promoted when the study ended");
    }
  }

  /** Numbers of the trials the scheduler holds paused that are RUNNING in the study. */
  private List<Integer> pausedTrials() {
    return scheduler.state().trials().entrySet().stream()
        .filter(e -> e.getValue() == TrialStatus.PAUSED
            && study.trial(e.getKey()).state() == TrialState.RUNNING)
        .map(Map.Entry::getKey).sorted().toList();
  }

  /**
   * Storage ids of the trials this runner holds, training or paused, that are RUNNING in the
   * study: the trials a journaled study's driver should send heartbeats for.
   */
  public List<Integer> heldTrialIds() {
    List<Integer> ids = new java.util.ArrayList<>();
    Map<Integer, TrialStatus> statuses = scheduler.state().trials();
    for (FrozenTrial t : study.trials()) {
      if (t.state() != TrialState.RUNNING) {
        continue;
      }
      TrialStatus status = statuses.get(t.number());
      if (status == TrialStatus.PAUSED || status == TrialStatus.RUNNING) {
        ids.add(t.trialId());
      }
    }
    return ids;
  }

  private void deleteQuietly(int number, int rung) {
    try {
      store.delete(number, rung);
    } catch (IOException e) {
      LOG.warn("cannot delete the checkpoint of trial {} at rung {}: {}", number, rung,
          e.toString());
    }
  }

  private long waitMillis(long t0, long lastStatus, boolean stopping) {
    long now = System.nanoTime();
    long wait = options.statusInterval().toNanos() - (now - lastStatus);
    if (!stopping && options.timeout() != null) {
      wait = Math.min(wait, options.timeout().toNanos() - (now - t0));
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
  }

  private void logStatus(int running, int slots) {
    Map<TrialState, Integer> c = study.stateCounts();
    LOG.info("Study {} (asha): {} complete, {} pruned, {} failed, {} paused or running, jobs"
            + " busy {}/{}", study.studyName(), c.get(TrialState.COMPLETE),
        c.get(TrialState.PRUNED), c.get(TrialState.FAIL), c.get(TrialState.RUNNING), running,
        slots);
  }
}
