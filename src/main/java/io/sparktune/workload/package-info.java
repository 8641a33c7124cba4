/**
 * Workloads (edge package, may import Spark): data loaders ({@link
 * io.sparktune.workload.Datasets}), seeded stratified splits ({@link io.sparktune.workload.Splits},
 * {@link io.sparktune.workload.ForestTask}), and the random-forest objective ({@link
 * io.sparktune.workload.ForestObjective}) with its two engines ({@link
 * io.sparktune.workload.TribuoForestEngine}, {@link io.sparktune.workload.MllibForestEngine}); the
 * pruned neural-network workload: MNIST IDX files ({@link io.sparktune.workload.MnistIdx}), its
 * data ({@link io.sparktune.workload.MlpTask}) and the resumable MLlib MLP objective ({@link
 * io.sparktune.workload.MlpObjective}).
 */
package io.sparktune.workload;
