package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import io.sparktune.spark.HadoopFiles;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Where and which run of the driver this is: the deploy mode, and on YARN the application and
 * the attempt. In cluster deploy mode the driver runs inside the cluster (YARN's
 * ApplicationMaster) and its disk goes with its container, so output and storage must be on a
 * shared file system ({@link #checkPaths}); YARN starts a dead ApplicationMaster again up to
 * {@code spark.yarn.maxAppAttempts} times, and a second attempt knows that every trial left
 * RUNNING before it started belongs to a dead driver ({@link #restarted}, {@link #sinceStart}).
 *
 * @param master the Spark master ({@code yarn}, {@code local[2]}, ...)
 * @param deployMode {@code client} or {@code cluster}
 * @param appId the cluster's application id, or null
 * @param attempt the attempt number (1, 2, ...), or 0 when the cluster manager names none (client
 *     mode: a restarted ApplicationMaster does not restart the driver there)
 * @param maxAttempts the attempts YARN allows ({@code spark.yarn.maxAppAttempts}), or 0
 * @param driverStart when this driver's JVM started
 */
record AppAttempt(String master, String deployMode, String appId, int attempt, int maxAttempts,
    Instant driverStart) {

  /** The attempt of the session's application. */
  static AppAttempt of(SparkSession spark) {
    SparkConf conf = spark.sparkContext().getConf();
    String id = spark.sparkContext().applicationAttemptId().getOrElse(() -> null);
    if (id == null) {
      id = conf.get("spark.yarn.app.attemptId", null); // the AM sets it in cluster mode
    }
    int attempt = 0;
    if (id != null) {
      try {
        attempt = Integer.parseInt(id.trim());
      } catch (NumberFormatException e) {
        attempt = 0;
      }
    }
    String master = spark.sparkContext().master();
    int max = 0;
    if (master.startsWith("yarn")) {
      max = conf.getInt("spark.yarn.maxAppAttempts", spark.sparkContext().hadoopConfiguration()
          .getInt("yarn.resourcemanager.am.max-attempts", 2));
    }
    return new AppAttempt(master, conf.get("spark.submit.deployMode", "client"),
        spark.sparkContext().applicationId(), attempt, max,
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  /** True if the driver runs inside the cluster ({@code --deploy-mode cluster}). */
  boolean clusterDeploy() {
    return deployMode.equals("cluster");
  }

  /** True for the second or a later attempt: an earlier driver of this application died. */
  boolean restarted() {
    return attempt > 1;
  }

  /** How long ago this driver started, at {@code now}: what an earlier attempt cannot be newer than. */
  Duration sinceStart(Instant now) {
    Duration d = Duration.between(driverStart, now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * The console line naming the attempt, or null outside YARN cluster mode (there is no attempt
   * of the driver to name).
   */
  String describe() {
    if (attempt == 0) {
      return null;
    }
    return String.format(Locale.ROOT, "Driver of YARN application %s, attempt %d of %d (%s"
        + " deploy mode)%s", appId, attempt, maxAttempts, deployMode, restarted()
        ? ": an earlier attempt died, resuming the study from its storage" : "");
  }

  /**
   * In cluster deploy mode, output and storage must outlive the driver's container: a Hadoop
   * FileSystem URI, or a {@code file:} URI (a disk every node shares), not a plain path.
   *
   * @throws ConfigException naming the field otherwise
   */
  void checkPaths(JobConfig config) {
    if (!clusterDeploy()) {
      return;
    }
    check("output", config.output());
    if (config.storage() != null) {
      check("storage", config.storage());
    }
  }

  private void check(String field, String location) {
    if (!HadoopFiles.isRemote(location) && !location.startsWith("file:")) {
      throw error("%s must be a Hadoop FileSystem URI such as hdfs://namenode:8020/path (or a"
          + " file: URI of a disk every node shares) in cluster deploy mode, where the driver's"
          + " local disk is deleted after the job, but got '%s'", field, location);
    }
  }
}
