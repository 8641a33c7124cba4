package io.sparktune.spark;

import io.sparktune.pruner.asha.AshaJob;
import io.sparktune.pruner.asha.AshaRunner;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FixedBackend;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.SparkEnv;

/**
 * One ASHA job as it travels to where it runs (a Spark task, or a driver thread) and the result
 * it sends back. Failures of the objective come back as values, so they fail only their trial.
 */
final class AshaTask {
  private AshaTask() {}

  /**
   * What a job needs: the objective, the job (as plain numbers, since {@link AshaJob} is not
   * serializable), the trial's number and parameters, and the store.
   */
  record Spec(ResumableObjective objective, int[] jobFields, int number,
      Map<String, Object> params, CheckpointStore store) implements Serializable {

    Spec(ResumableObjective objective, AshaJob job, int number, Map<String, Object> params,
        CheckpointStore store) {
      this(objective, job instanceof AshaJob.Promote p
          ? new int[] {p.fromRung(), p.toRung(), p.fromBudget(), p.budget(), p.topRung()}
          : new int[] {job.budget(), job.topRung()}, number, params, store);
    }

    /** The job. */
    AshaJob job() {
      int[] f = jobFields;
      return f.length == 2 ? new AshaJob.StartNew(f[0], f[1])
          : new AshaJob.Promote(number, f[0], f[1], f[2], f[3], f[4]);
    }
  }

  /**
   * What a job produced.
   *
   * @param number the trial
   * @param value the value at the job's budget, or NaN if it failed
   * @param error why the objective failed, or null
   * @param userAttrs the user attributes the run set
   * @param executorId where it ran
   * @param startMillis start, epoch millis
   * @param endMillis end, epoch millis
   */
  record Result(int number, double value, String error, Map<String, Object> userAttrs,
      String executorId, long startMillis, long endMillis) implements Serializable {}

  /** Runs the job with a trial over the trial's fixed parameters (a {@link FixedBackend}). */
  static Result run(Spec spec) {
    long start = System.currentTimeMillis();
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    FixedBackend local = FixedBackend.of(spec.params());
    try {
      double v = AshaRunner.run(spec.objective(), spec.job(),
          new BackedTrial(spec.number(), local), spec.store());
      return new Result(spec.number(), v, null, local.userAttrs(), executor, start,
          System.currentTimeMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(spec.number(), Double.NaN, "interrupted (the job was cancelled)",
          local.userAttrs(), executor, start, System.currentTimeMillis());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      String reason = e.getMessage() == null ? e.getClass().getName()
          : e.getClass().getName() + ": " + e.getMessage();
      return new Result(spec.number(), Double.NaN, reason, local.userAttrs(), executor, start,
          System.currentTimeMillis());
    }
  }
}
