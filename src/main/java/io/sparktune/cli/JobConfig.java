package io.sparktune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import io.sparktune.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated job config (see {@code conf/digits.yaml} for a commented example); made by {@link
 * ConfigLoader}, run by {@link StudyJob}.
 *
 * @param study how the study runs
 * @param workload what is trained: configured from the {@code workload:} section
 * @param space the search space
 * @param grid the grid for {@code sampler: grid}, else empty
 * @param execution where trials run
 * @param storage the journal to keep the study in (path or URI), or null for memory only
 * @param output the output directory
 * @param master the Spark master, or null to take spark-submit's (or {@code local[*]})
 * @param tree the config as read, which command-line overrides are applied to
 */
public record JobConfig(
    StudySection study,
    Workload workload,
    SearchSpace space,
    Map<String, List<Object>> grid,
    ExecutionSection execution,
    String storage,
    String output,
    String master,
    JsonNode tree) {

  /**
   * Equal configs read the same: every section and the tree, and a workload of the same class (a
   * workload's settings follow from the tree; its instances do not define equality).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof JobConfig c && study.equals(c.study) && space.equals(c.space)
        && grid.equals(c.grid) && execution.equals(c.execution)
        && Objects.equals(storage, c.storage) && output.equals(c.output)
        && Objects.equals(master, c.master) && tree.equals(c.tree)
        && workload.getClass().equals(c.workload.getClass());
  }

  @Override
  public int hashCode() {
    return Objects.hash(study, space, grid, execution, storage, output, master, tree);
  }

  /** Where trials run: {@code execution.mode}, with auto resolved by the workload. */
  public String mode() {
    if (!execution.mode().equals("auto")) {
      return execution.mode();
    }
    return workload.parallelism() == Workload.Parallelism.TASKS ? "tasks" : "jobs";
  }

  /**
   * The {@code execution:} section: where trials run.
   *
   * @param mode auto | threads | tasks | jobs (auto: as the workload says, see {@link #mode()})
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

  /**
   * The {@code study:} section.
   *
   * @param prunerPercentile {@code study.prunerPercentile}: the percentile pruner's percentile
   *     (0-100, default 25)
   * @param prunerWarmupSteps {@code study.prunerWarmupSteps}: steps (epochs, rounds, folds) a
   *     trial reports before the median or percentile pruner may prune it (default 0)
   * @param prunerStartupTrials {@code study.prunerStartupTrials}: trials that complete before the
   *     median or percentile pruner prunes any (default 5)
   */
  public record StudySection(
      String name,
      Direction direction,
      String sampler,
      long seed,
      int nTrials,
      Double timeoutSeconds,
      int parallelism,
      Double trialTimeoutSeconds,
      String pruner,
      double prunerPercentile,
      int prunerWarmupSteps,
      int prunerStartupTrials) {

    /** This section with {@code direction} (a left-out direction, taken from the workload). */
    public StudySection withDirection(Direction direction) {
      return new StudySection(name, direction, sampler, seed, nTrials, timeoutSeconds,
          parallelism, trialTimeoutSeconds, pruner, prunerPercentile, prunerWarmupSteps,
          prunerStartupTrials);
    }
  }
}
