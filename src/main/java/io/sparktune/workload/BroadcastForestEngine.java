package io.sparktune.workload;

import java.io.Serializable;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * An in-process engine for task-parallel trials: the task's data is broadcast once per study, and
 * each executor builds its engine (Tribuo's, or the native one) from the broadcast copy on first
 * use, so a trial's task ships only its parameters.
 */
public final class BroadcastForestEngine implements ForestEngine {
  private static final long serialVersionUID = 1L;

  /** Builds the in-process engine from the task on an executor. */
  public interface Factory extends Function<ForestTask, ForestEngine>, Serializable {}

  private final Broadcast<ForestTask> task;
  private final Factory factory;
  private final String name;
  private transient volatile ForestEngine local;

  /** Tribuo's engine ({@code local}). */
  public BroadcastForestEngine(SparkSession spark, ForestTask task) {
    this(spark, task, "local", TribuoForestEngine::new);
  }

  /**
   * @param name the engine's config name
   * @param factory builds the engine from the broadcast task, once per executor JVM
   */
  public BroadcastForestEngine(SparkSession spark, ForestTask task, String name,
      Factory factory) {
    this.task = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(task);
    this.factory = factory;
    this.name = name;
  }

  private ForestEngine engine() {
    ForestEngine e = local;
    if (e == null) {
      synchronized (this) {
        if (local == null) {
          local = factory.apply(task.value());
        }
        e = local;
      }
    }
    return e;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int effectiveDepth(int maxDepth) {
    return engine().effectiveDepth(maxDepth);
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
