package io.sparktune.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One {@code local[2]} SparkSession per test JVM (Spark's {@code SharedSparkSession}): starting
 * one costs seconds, so every Spark test shares it and none stops it.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2,2]") // 2 threads; a failed task is retried once (as on a cluster)
          .appName("sparktune-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.showConsoleProgress", "false")
          .getOrCreate();
    }
    return session;
  }
}
