package io.sparktune.spark;

import io.sparktune.space.Distribution;
import io.sparktune.study.Objective;
import io.sparktune.study.Outcome;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FixedBackend;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * One work as it travels to a Spark executor, and its run there: the body, trial {@code number}
 * with the parameters the driver's sampler chose (external values with their distributions, in
 * suggestion order), and the pruning channel's client when the study prunes. Every way the body
 * ends comes back as an {@link Outcome}, never as a failed job.
 */
record SparkTask(Objective body, int number, Map<String, Object> params,
    Map<String, Distribution> distributions, PruningChannel.Client channel)
    implements Serializable {

  Outcome run() {
    long start = System.currentTimeMillis();
    TaskContext ctx = TaskContext.get();
    Map<String, Object> where = new LinkedHashMap<>();
    where.put("executor", SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId());
    where.put("host", SparkEnv.get() == null ? "localhost"
        : SparkEnv.get().blockManager().blockManagerId().host());
    if (ctx != null && ctx.attemptNumber() > 0) {
      // Spark re-runs a task whose executor died; never under the same trial number.
      return new Outcome.Lost("task attempt " + ctx.attemptNumber() + ": the previous attempt was"
          + " lost (executor lost); the parameters are retried as a new trial",
          new Outcome.Info(new TreeMap<>(), Map.of(), where, start, System.currentTimeMillis()));
    }
    FixedBackend local = FixedBackend.declared(params);
    try {
      return Outcome.evaluate(body, trial(local), local, where);
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // the driver closes its end too
        }
      }
    }
  }

  /**
   * The trial the body sees in a task: every declared parameter already suggested with the
   * driver's value, as on the driver; an undeclared one is an error naming the declared ones.
   * With a {@code channel}, reports and pruning questions also go to the driver.
   */
  BackedTrial trial(FixedBackend local) {
    BackedTrial trial = new BackedTrial(number,
        channel == null ? local : new RemoteBackend(local, channel, number));
    distributions.forEach(trial::suggest);
    return trial;
  }
}
