/**
 * Samplers: the {@link io.sparktune.sampler.Sampler} SPI, {@link
 * io.sparktune.sampler.RandomSampler}, {@link io.sparktune.sampler.GridSampler}, seed derivation
 * ({@link io.sparktune.internal.Seeds}) and uniform draws ({@link io.sparktune.internal.RandomDraws}).
 * Core package: no Spark, no Hadoop.
 */
package io.sparktune.sampler;
