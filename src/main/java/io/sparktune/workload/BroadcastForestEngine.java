package io.sparktune.workload;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code local} engine for task-parallel trials: the task's data is broadcast once per study,
 * and each executor builds its in-process Tribuo engine from the broadcast copy on first use, so a
 * trial's task ships only its parameters.
 */
public final class BroadcastForestEngine implements ForestEngine {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ForestTask> task;
  private transient volatile TribuoForestEngine local;

  public BroadcastForestEngine(SparkSession spark, ForestTask task) {
    this.task = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(task);
  }

  private TribuoForestEngine engine() {
    TribuoForestEngine e = local;
    if (e == null) {
      synchronized (this) {
        if (local == null) {
          local = new TribuoForestEngine(task.value());
        }
        e = local;
      }
    }
    return e;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public double foldAccuracy(ForestParams params, int k) {
    return engine().foldAccuracy(params, k);
  }

  @Override
  public double testAccuracy(ForestParams params) {
    return engine().testAccuracy(params);
  }
}
