/**
 * Search spaces: the sealed {@link io.sparktune.space.Distribution} ({@link
 * io.sparktune.space.FloatDistribution}, {@link io.sparktune.space.IntDistribution}, {@link
 * io.sparktune.space.CategoricalDistribution}) and {@link io.sparktune.space.SearchSpace}.
 * Core package: no Spark, no Hadoop.
 */
package io.sparktune.space;
