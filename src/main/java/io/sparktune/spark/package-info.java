/**
 * Spark integration (edge package, may import Spark): {@link io.sparktune.spark.SparkSessions}, the
 * study driver loops ({@link io.sparktune.spark.SparkStudyRunner}; {@link
 * io.sparktune.spark.AshaStudyRunner} for ASHA with promotion), the checkpoint store on a Hadoop
 * {@code FileSystem} ({@link io.sparktune.spark.HadoopCheckpointStore}) and the authenticated
 * in-trial pruning channel between tasks and the driver ({@link
 * io.sparktune.spark.PruningChannel}).
 */
package io.sparktune.spark;
