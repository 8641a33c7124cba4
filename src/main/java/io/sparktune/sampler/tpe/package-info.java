/**
 * The Tree-structured Parzen Estimator sampler, split like Optuna's {@code samplers/_tpe}: the
 * policy {@link io.sparktune.sampler.tpe.TpeSampler} (public, built with {@link
 * io.sparktune.sampler.tpe.TpeSampler#builder()}); package-private {@code Observations}
 * (incremental trial history, below/above split, constant liar), {@code ParzenEstimator}
 * (observations to kernels), {@code Mixture} (sampling and log densities), {@code Dim} (model-space
 * representation of a parameter), {@code SpaceFilling} (Latin-hypercube startup) and {@code
 * TruncatedNormal} (numerics). Core package: no Spark, no Hadoop.
 */
package io.sparktune.sampler.tpe;
