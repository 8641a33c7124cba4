package io.sparktune.pruner.asha;

import io.sparktune.trial.Trial;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Runs one {@link AshaJob} of a {@link ResumableObjective}: what a worker (a local thread or a
 * Spark task) does with a job the driver's {@link AshaScheduler} handed out. Pure {@code java.io};
 * the caller supplies the {@link CheckpointStore}.
 */
public final class AshaRunner {
  private AshaRunner() {}

  /**
   * Makes a run, initializes it with {@code trial}, restores the checkpoint of the rung it was
   * promoted from (for a {@link AshaJob.Promote}), trains to the job's budget, reports the value
   * to {@code trial} at step {@code budget}, saves a checkpoint at the job's rung unless the trial
   * is complete, and returns the value. The driver then calls {@link AshaScheduler#onResult}.
   *
   * @throws Exception whatever the objective or the store throws; the trial then failed
   */
  public static double run(ResumableObjective objective, AshaJob job, Trial trial,
      CheckpointStore store) throws Exception {
    Resumable run = objective.newRun();
    run.init(trial);
    if (job instanceof AshaJob.Promote p) {
      if (p.trialNumber() != trial.number()) {
        throw new IllegalArgumentException("trial must be the promoted trial "
            + p.trialNumber() + ", but got trial " + trial.number());
      }
      try (InputStream in = store.open(trial.number(), p.fromRung())) {
        run.restore(in);
      }
    }
    double value = run.train(job.budget());
    trial.report(value, job.budget());
    if (!job.completes() && !Double.isNaN(value)) {
      try (OutputStream out = store.create(trial.number(), job.toRung())) {
        run.save(out);
      }
    }
    return value;
  }
}
