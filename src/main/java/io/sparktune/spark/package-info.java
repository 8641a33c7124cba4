/**
 * Spark integration (edge package, may import Spark): {@link io.sparktune.spark.SparkSessions},
 * the Spark {@link io.sparktune.study.TrialExecutor}s of the one study driver ({@link
 * io.sparktune.spark.SparkTrialExecutor#tasks} and {@link
 * io.sparktune.spark.SparkTrialExecutor#jobs}), the checkpoint store on a Hadoop {@code
 * FileSystem} ({@link io.sparktune.spark.HadoopCheckpointStore}), the authenticated in-trial
 * pruning channel between tasks and the driver (package-private), and {@link
 * io.sparktune.spark.TrialsTable} (a study's trials as a DataFrame, written as Parquet, CSV or
 * JSON).
 */
package io.sparktune.spark;
