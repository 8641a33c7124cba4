package io.sparktune.workload;

import io.sparktune.study.Objective;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/**
 * A plain {@link Objective} as a workload: the config's {@code space:} declares its parameters,
 * auto runs its trials as Spark tasks, and it has no test data.
 */
final class ObjectiveWorkload implements Workload {
  private final String name;
  private final Objective objective;

  ObjectiveWorkload(String name, Objective objective) {
    this.name = name;
    this.objective = objective;
  }

  @Override
  public String type() {
    return name;
  }

  @Override
  public Parallelism parallelism() {
    return Parallelism.TASKS;
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    return () -> objective;
  }
}
