/**
 * Trials: the objective's handle {@link io.sparktune.trial.Trial}, {@link
 * io.sparktune.trial.FixedTrial}, the snapshot {@link io.sparktune.trial.FrozenTrial}, {@link
 * io.sparktune.trial.TrialState}, {@link io.sparktune.trial.Direction}, the read view samplers and
 * pruners get ({@link io.sparktune.trial.StudyView}) and {@link
 * io.sparktune.trial.TrialPrunedException}. Core package: no Spark, no Hadoop.
 */
package io.sparktune.trial;
