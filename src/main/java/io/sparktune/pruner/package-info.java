/**
 * Pruners: the {@link io.sparktune.pruner.Pruner} SPI and implementations with Optuna's semantics:
 * {@link io.sparktune.pruner.NopPruner}, {@link io.sparktune.pruner.MedianPruner}, {@link
 * io.sparktune.pruner.PercentilePruner}, {@link io.sparktune.pruner.SuccessiveHalvingPruner}
 * (asynchronous successive halving, stopping variant), {@link io.sparktune.pruner.HyperbandPruner},
 * {@link io.sparktune.pruner.ThresholdPruner} and {@link io.sparktune.pruner.PatientPruner}. The
 * promotion variant of asynchronous successive halving, for objectives that can pause and resume
 * from a checkpoint, is in {@link io.sparktune.pruner.asha}. Core package: no Spark, no Hadoop.
 */
package io.sparktune.pruner;
