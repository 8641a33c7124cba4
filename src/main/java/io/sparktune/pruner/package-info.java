/**
 * Pruners: the {@link io.sparktune.pruner.Pruner} SPI, {@link io.sparktune.pruner.NopPruner},
 * {@link io.sparktune.pruner.MedianPruner} and {@link io.sparktune.pruner.PercentilePruner} (Optuna
 * semantics). Core package: no Spark, no Hadoop.
 */
package io.sparktune.pruner;
