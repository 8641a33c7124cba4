package io.sparktune.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creating (or joining) the job's {@link SparkSession}. */
public final class SparkSessions {
  /** The master used when neither the command line, the config nor spark-submit names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {}

  /**
   * The active session if one exists (tests, notebooks), else a new one. The master is {@code
   * master} if given, else the one spark-submit set ({@code spark.master}), else {@value
   * #DEFAULT_MASTER}.
   */
  public static SparkSession getOrCreate(String appName, String master) {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active == null) {
      active = SparkSession.getDefaultSession().getOrElse(() -> null);
    }
    if (active != null && !active.sparkContext().isStopped()) {
      return active;
    }
    SparkConf conf = new SparkConf().setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
