/**
 * Native gradient-boosted trees (edge package; XGBoost4J's Java API, ADR 0014).
 *
 * <p>{@link io.sparktune.workload.xgboost.XgboostWorkload} ({@code workload.type: xgboost}): any
 * table Spark reads, collected and split into a {@link io.sparktune.workload.xgboost.XgbTable}
 * train / validation / test {@link io.sparktune.workload.xgboost.XgbTable.Split}, broadcast once;
 * {@link io.sparktune.workload.xgboost.XgbObjective}, the booster trained round by round, scored
 * by {@link io.sparktune.workload.xgboost.XgbMetric}, reported every N rounds and resumable from a
 * booster checkpoint (ASHA with promotion). {@link io.sparktune.workload.xgboost.NativeTrees} is
 * the one place that loads the native library (with an error naming the engine and what is
 * missing) and sets the seeded, deterministic parameters; the digits workload's {@link
 * io.sparktune.workload.NativeForestEngine} uses it too.
 */
package io.sparktune.workload.xgboost;
