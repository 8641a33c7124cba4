package io.sparktune.pruner.asha;

import io.sparktune.trial.Trial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One training run of a trial that can stop at any resource budget, write its state, and continue
 * later from that state, possibly in another JVM: what the promotion variant of ASHA ({@link
 * AshaScheduler}) needs of an objective. {@link ResumableObjective} makes one per job, and {@link
 * AshaRunner} drives it.
 *
 * <p>The calls of one job are: {@link #init} once, then {@link #restore} if the job resumes a
 * paused trial, then {@link #train}, then {@link #save} unless the trial is complete. Resource is
 * counted in whole units (epochs, iterations, trees) from the start of the trial, across jobs.
 *
 * <p>An objective that cannot checkpoint (for example a model that trains in one call) gets the
 * <em>stopping</em> variant instead: write it as an ordinary objective that reports after each unit
 * of resource and stops when {@code trial.shouldPrune()}, and give the study a {@link
 * io.sparktune.pruner.SuccessiveHalvingPruner} (or {@link io.sparktune.pruner.HyperbandPruner}).
 * A {@code Resumable} can run that way too, without checkpoints: {@link
 * ResumableObjective#evaluateStopping}.
 */
public interface Resumable {

  /**
   * Sets the run up for {@code trial} at resource 0: suggests the trial's parameters and builds the
   * model. On a resumed job the trial returns the same parameters as when the trial started.
   */
  void init(Trial trial) throws Exception;

  /**
   * Trains on until the total resource spent reaches {@code budget} (greater than the resource
   * spent so far) and returns the metric the study optimizes, measured there.
   */
  double train(int budget) throws Exception;

  /**
   * Writes everything needed to continue training (weights, optimizer state, resource spent) to
   * {@code out}, which the caller closes.
   */
  void save(OutputStream out) throws IOException;

  /**
   * Reads a state that {@link #save} wrote for the same trial, after {@link #init}, from {@code
   * in}, which the caller closes.
   */
  void restore(InputStream in) throws IOException;
}
