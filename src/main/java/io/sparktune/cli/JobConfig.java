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
 * @param output the output directory
 * @param master the Spark master, or null to take spark-submit's (or {@code local[*]})
 */
public record JobConfig(
    StudySection study,
    WorkloadSection workload,
    SearchSpace space,
    Map<String, List<Object>> grid,
    String output,
    String master) {

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
