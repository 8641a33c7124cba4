package io.sparktune.spark;

import io.sparktune.study.Objective;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FixedBackend;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.trial.TrialState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The body of a trial's Spark task: runs the objective and turns every way it can end into a
 * {@link TrialOutcome}, so an objective's failure is a FAIL trial, never a failed job.
 */
final class TrialTask {
  private TrialTask() {}

  static TrialOutcome run(Objective objective, TrialSpec spec) {
    return run(objective, spec, null);
  }

  /**
   * Like {@link #run(Objective, TrialSpec)}; with a {@code channel}, the objective's reports and
   * pruning questions go to the driver as they happen.
   */
  static TrialOutcome run(Objective objective, TrialSpec spec, PruningChannel.Client channel) {
    long start = System.currentTimeMillis();
    TaskContext ctx = TaskContext.get();
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    String host = SparkEnv.get() == null ? "localhost"
        : SparkEnv.get().blockManager().blockManagerId().host();
    if (ctx != null && ctx.attemptNumber() > 0) {
      // Spark re-runs a task whose executor died; never under the same trial number.
      return new TrialOutcome(spec.number(), TrialState.FAIL, null, "task attempt "
          + ctx.attemptNumber() + ": the previous attempt was lost (executor lost); the"
          + " parameters are retried as a new trial", true, new TreeMap<>(), Map.of(), executor,
          host, start, System.currentTimeMillis());
    }
    FixedBackend local = FixedBackend.declared(spec.params());
    TrialState state;
    Double value = null;
    String reason = null;
    try {
      double v = objective.evaluate(trial(spec, local, channel));
      if (Double.isNaN(v)) {
        state = TrialState.FAIL;
        reason = "The value NaN is not acceptable.";
      } else {
        state = TrialState.COMPLETE;
        value = v;
      }
    } catch (TrialPrunedException e) {
      state = TrialState.PRUNED;
      reason = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state = TrialState.FAIL;
      reason = "interrupted (the trial was cancelled)";
    } catch (VirtualMachineError e) {
      throw e; // out of memory and the like: the executor is in trouble, let Spark handle it
    } catch (Throwable e) {
      state = TrialState.FAIL;
      reason = e.getMessage() == null ? e.getClass().getName()
          : e.getClass().getName() + ": " + e.getMessage();
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (java.io.IOException ignored) {
        // the driver closes its end too
      }
    }
    return new TrialOutcome(spec.number(), state, value, reason, false,
        new TreeMap<>(local.intermediateValues()), new LinkedHashMap<>(local.userAttrs()),
        executor, host, start, System.currentTimeMillis());
  }

  /**
   * The trial the objective sees in a task: every declared parameter already suggested with the
   * driver's value, as on the driver; an undeclared one is an error naming the declared ones.
   * With a {@code channel}, reports and pruning questions also go to the driver.
   */
  static BackedTrial trial(TrialSpec spec, FixedBackend local, PruningChannel.Client channel) {
    BackedTrial trial = new BackedTrial(spec.number(),
        channel == null ? local : new RemoteBackend(local, channel, spec.number()));
    spec.distributions().forEach(trial::suggest);
    return trial;
  }
}
