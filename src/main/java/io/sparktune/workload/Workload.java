package io.sparktune.workload;

import io.sparktune.trial.Direction;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code sparktune run} tunes: a workload reads its keys of the config's {@code workload:}
 * section, loads its data on the SparkSession and gives the objective; the run pipeline does the
 * rest (storage, resume, heartbeats, the trials, test score, summary.json, report.html).
 *
 * <p>A config names a workload by {@code workload.type} (the {@link #type()} of a workload found by
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.sparktune.workload.Workload}, on
 * the classpath or in a jar passed with {@code spark-submit --jars}; built in: {@code
 * digits-forest}, {@code mnist-mlp}, {@code xgboost}) or by {@code workload.class} (a class with a public
 * no-argument constructor that implements this interface or {@link io.sparktune.study.Objective}).
 * Each run makes a new instance, then calls {@link #configure}, then {@link #prepare}.
 */
public interface Workload {

  /** The name {@code workload.type} selects it by, and summary.json's {@code workload}. */
  String type();

  /**
   * Reads and checks the workload's keys of {@code context.section()} before anything runs; throws
   * {@link BadInputException} (through {@link ConfigNode}) naming the field. The default accepts
   * no keys.
   */
  default void configure(WorkloadContext context) {
    context.section().onlyKnown(List.of());
  }

  /** The workload for the console's first line ({@code digits-forest (local engine, 5-fold CV)}). */
  default String describe() {
    return type();
  }

  /**
   * The study's direction when the config leaves {@code study.direction} out (after {@link
   * #configure}), e.g. from an evaluator's {@code isLargerBetter}; empty (the default): the config
   * must give it.
   */
  default Optional<Direction> direction() {
    return Optional.empty();
  }

  /** Where trials run when {@code execution.mode} is auto (after {@link #configure}). */
  default Parallelism parallelism() {
    return Parallelism.JOBS;
  }

  /** The resource of an epoch-based workload, which asha, sha and hyperband need; else empty. */
  default Optional<Budget> budget() {
    return Optional.empty();
  }

  /**
   * Loads the data and builds the objective; prints one line to {@code out} before each long step.
   *
   * @param spark the job's session
   * @param mode where the trials will run: threads | tasks | jobs
   * @param out the console
   */
  Prepared prepare(SparkSession spark, String mode, PrintStream out) throws Exception;

  /** How a workload's trials can run. */
  enum Parallelism {
    /**
     * The objective needs no SparkSession and is serializable: auto runs each trial as one Spark
     * task.
     */
    TASKS,
    /**
     * The objective starts Spark jobs (MLlib fits, DataFrames): trials run on driver threads, each
     * its own jobs; execution.mode tasks is refused.
     */
    JOBS
  }
}
