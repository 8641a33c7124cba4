/**
 * Tuning MLlib estimators (edge package: uses Spark). {@link io.sparktune.ml.SparkTuner} is a
 * drop-in {@code Estimator} for {@code CrossValidator} and {@code TrainValidationSplit} that runs a
 * sparktune study; {@link io.sparktune.ml.SparkTunerModel} is its fitted model. {@link
 * io.sparktune.ml.ParamSpace} (a search space over an estimator's own Params) and {@link
 * io.sparktune.ml.CrossValidation} (the per-trial fold evaluation) are shared with the command
 * line's {@code mllib} workload. Design: {@code docs/adr/0010-mllib-tuner.md}.
 */
package io.sparktune.ml;
