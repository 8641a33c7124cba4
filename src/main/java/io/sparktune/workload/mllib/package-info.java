/**
 * {@code workload.type: mllib} (edge package, imports Spark): tunes any Spark ML Estimator or a
 * saved Pipeline from the command line, on any table Spark's data sources read.
 *
 * <p>Public: {@link io.sparktune.workload.mllib.MllibWorkload}, registered in sparktune's {@code
 * META-INF/services/io.sparktune.workload.Workload}. Package-private: the config section ({@code
 * MllibConfig}), the evaluators and their metrics ({@code Evaluators}), the estimator by class
 * name or Pipeline URI ({@code Estimators}), the data read and made ready to fit ({@code
 * TrainingData}) and the prepared run with the refit and the saved best model ({@code
 * MllibPrepared}). The trials are scored by {@link io.sparktune.ml.CrossValidation} over an
 * {@link io.sparktune.ml.ParamSpace}, the same pieces the Java tuner uses. Design: {@code
 * docs/adr/0011-mllib-workload.md}.
 */
package io.sparktune.workload.mllib;
