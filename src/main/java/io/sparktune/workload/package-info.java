/**
 * Workloads (edge package, may import Spark): what {@code sparktune run} tunes.
 *
 * <p>The SPI: {@link io.sparktune.workload.Workload} (reads its keys of the config's {@code
 * workload:} section, prepares on a SparkSession), {@link io.sparktune.workload.Prepared} (the
 * objective, and optionally an ASHA-resumable objective, a baseline, a test score, summary keys
 * and notes), {@link io.sparktune.workload.WorkloadContext}, {@link
 * io.sparktune.workload.ConfigNode} (typed config readers with the project's messages), {@link
 * io.sparktune.workload.Budget} (the resource of epoch-based workloads), {@link
 * io.sparktune.workload.BadInputException} (exit code 2) and {@link
 * io.sparktune.workload.Workloads} (finds a workload by {@code workload.type} through {@link
 * java.util.ServiceLoader} or by {@code workload.class}, and wraps a plain objective).
 *
 * <p>The built-in workloads: {@link io.sparktune.workload.DigitsForestWorkload} ({@code
 * digits-forest}: data loaders ({@link io.sparktune.workload.Datasets}), seeded stratified splits
 * ({@link io.sparktune.workload.Splits}, {@link io.sparktune.workload.ForestTask}), the
 * random-forest objective ({@link io.sparktune.workload.ForestObjective}) with its engines ({@link
 * io.sparktune.workload.TribuoForestEngine}, {@link io.sparktune.workload.NativeForestEngine},
 * {@link io.sparktune.workload.BroadcastForestEngine} in tasks)), {@link
 * io.sparktune.workload.MnistMlpWorkload} ({@code mnist-mlp}: MNIST IDX files ({@link
 * io.sparktune.workload.MnistIdx}), its data ({@link io.sparktune.workload.MlpTask}) and the
 * resumable MLlib MLP objective ({@link io.sparktune.workload.MlpObjective})), {@link
 * io.sparktune.workload.mllib.MllibWorkload} ({@code mllib}: any Spark ML Estimator or saved
 * Pipeline on any table; its own package) and {@code xgboost} ({@link
 * io.sparktune.workload.xgboost}).
 */
package io.sparktune.workload;
