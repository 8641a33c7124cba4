/**
 * Spark integration (edge package, may import Spark): {@link io.sparktune.spark.SparkSessions};
 * {@link io.sparktune.spark.TrialsTable} (a study's trials as a DataFrame, written as Parquet, CSV
 * or JSON).
 */
package io.sparktune.spark;
