/**
 * Spark integration (edge package, may import Spark): {@link io.sparktune.spark.SparkSessions}, the
 * study driver loops ({@link io.sparktune.spark.SparkStudyRunner}; {@link
 * io.sparktune.spark.AshaStudyRunner} for ASHA with promotion), the checkpoint store on a Hadoop
 * {@code FileSystem} ({@link io.sparktune.spark.HadoopCheckpointStore}), the authenticated
 * in-trial pruning channel between tasks and the driver ({@link
 * io.sparktune.spark.PruningChannel}), and {@link io.sparktune.spark.TrialsTable} (a study's trials
 * as a DataFrame, written as Parquet, CSV or JSON).
 */
package io.sparktune.spark;
