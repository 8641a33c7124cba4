package io.sparktune.study;

import java.util.function.Consumer;

/**
 * Where trials run, for the {@link StudyDriver}: local threads ({@link #localThreads}), one-task
 * Spark jobs, or driver threads that start Spark jobs ({@code io.sparktune.spark.SparkTrialExecutor}).
 * The driver owns every policy (how many at once, timeouts, retries, what an outcome means); an
 * executor only runs work, says how many slots it has, and cancels.
 *
 * <p>Contract: {@link #submit} returns at once; {@code done} is called once per submitted work, from
 * any thread, also when its body throws. Implementations are
 * used from the driver's thread only, except for the callbacks. After {@link #cancel} the callback
 * may never come: the driver has already settled that work and does not wait for it.
 */
public interface TrialExecutor extends AutoCloseable {

  /** Trial slots now (at least 1); the driver reads it every turn, so it may follow a cluster. */
  int slots();

  /**
   * Work the asynchronous driver keeps queued beyond the free slots (default 0), so that a freed
   * slot starts the next trial without waiting for a submission (a Spark job's latency).
   */
  default int lookahead() {
    return 0;
  }

  /**
   * True once the executor can run nothing more because its process is going down (the Spark
   * executors' context stopped under a SIGTERM). The driver then ends at once and leaves its
   * running trials RUNNING in the storage, as a kill -9 would, for the next driver to fail as
   * "driver lost" and retry; the executor does not deliver the failures that the stop caused.
   */
  default boolean stopped() {
    return false;
  }

  /** Starts {@code work}; {@code done} receives how it ended. */
  void submit(Work work, Consumer<Outcome> done);

  /** Asks a running work to stop (best effort: an interrupt, a cancelled Spark job group). */
  void cancel(Work work);

  /** Asks every running work to stop. */
  void cancelAll();

  /** Releases threads and channels; work still running is abandoned. */
  @Override
  default void close() {}

  /** {@code threads} local threads in this process (what {@link Study#optimize} uses). */
  static TrialExecutor localThreads(int threads) {
    return new LocalTrialExecutor(threads);
  }
}
