/**
 * Asynchronous successive halving with <em>promotion</em> (Li et al., MLSys 2020): trials pause at
 * a rung with a checkpoint and resume when they earn promotion. {@link
 * io.sparktune.pruner.asha.AshaScheduler} is the pure event machine (no threads, no clock, no
 * I/O) that decides, {@link io.sparktune.pruner.asha.AshaJob} what it decides, {@link
 * io.sparktune.pruner.asha.AshaDecision} what becomes of a trial after a rung, {@link
 * io.sparktune.pruner.asha.AshaState} a snapshot for debugging, and {@link
 * io.sparktune.pruner.asha.AshaAttrs} the trial system attributes that persist its decisions. The
 * objective side: {@link io.sparktune.pruner.asha.Resumable}, {@link
 * io.sparktune.pruner.asha.ResumableObjective}, {@link io.sparktune.pruner.asha.CheckpointStore} and
 * {@link io.sparktune.pruner.asha.AshaRunner}. Objectives that cannot checkpoint use the stopping
 * variant, {@link io.sparktune.pruner.SuccessiveHalvingPruner}. Core package: no Spark, no Hadoop.
 */
package io.sparktune.pruner.asha;
