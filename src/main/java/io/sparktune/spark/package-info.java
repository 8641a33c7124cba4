/**
 * Spark integration (edge package, may import Spark): {@link io.sparktune.spark.SparkSessions}.
 */
package io.sparktune.spark;
