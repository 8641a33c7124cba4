package io.sparktune.cli;

import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import java.util.List;
import java.util.Map;

/**
 * A validated job config (see {@code conf/digits.yaml} for a commented example).
 *
 * @param study how the study runs
 * @param workload what is trained
 * @param space the search space
 * @param grid the grid for {@code sampler: grid}, else empty
 * @param execution where trials run
 * @param storage the journal to keep the study in (path or URI), or null for memory only
 * @param output the output directory
 * @param master the Spark master, or null to take spark-submit's (or {@code local[*]})
 * @param mlp the {@code mlp:} section of the mnist-mlp workload, or null for other workloads
 */
public record JobConfig(
    StudySection study,
    WorkloadSection workload,
    SearchSpace space,
    Map<String, List<Object>> grid,
    ExecutionSection execution,
    String storage,
    String output,
    String master,
    MlpSection mlp) {

  /**
   * The {@code mlp:} section of the {@code mnist-mlp} workload (see {@code conf/mnist-mlp.yaml}).
   *
   * @param data {@code bundled} (the MNIST 10k subset) or a directory holding {@code
   *     train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
   *     and {@code t10k-labels-idx1-ubyte} (each optionally {@code .gz})
   * @param maxTrain at most this many training images (0: all)
   * @param validationFraction share of the training images held out for validation
   * @param itersPerEpoch solver iterations per epoch
   * @param epochs the epochs of a full training run (ASHA's {@code r_max})
   * @param minEpochs epochs of the first rung (asha, sha, hyperband)
   * @param reductionFactor {@code η} of asha, sha and hyperband
   * @param promotionQuota how asha rounds a rung's quota {@code n/η}
   */
  public record MlpSection(String data, int maxTrain, double validationFraction,
      int itersPerEpoch, int epochs, int minEpochs, int reductionFactor,
      io.sparktune.pruner.asha.PromotionQuota promotionQuota) {}

  /**
   * The {@code execution:} section: where trials run.
   *
   * @param mode auto | threads | tasks | jobs (auto: tasks for the local engine, jobs for mllib)
   * @param loop async | sync
   * @param cpusPerTrial cores one trial occupies
   * @param slots fixed slot count, or 0 to follow the cluster's cores
   * @param maxRetries retries of the parameters of a trial lost with its executor
   * @param statusIntervalSeconds how often the one-line status is logged
   * @param heartbeatSeconds how often a journaled study's running trials send a heartbeat
   * @param staleAfterSeconds a RUNNING trial silent this long belongs to a dead driver
   */
  public record ExecutionSection(String mode, String loop, int cpusPerTrial, int slots,
      int maxRetries, double statusIntervalSeconds, double heartbeatSeconds,
      double staleAfterSeconds) {}

  /** The {@code study:} section. */
  public record StudySection(
      String name,
      Direction direction,
      String sampler,
      long seed,
      int nTrials,
      Double timeoutSeconds,
      int parallelism,
      Double trialTimeoutSeconds,
      String pruner) {}

  /** The {@code workload:} section. */
  public record WorkloadSection(
      String type,
      String engine,
      int folds,
      double testFraction,
      String data) {}
}
