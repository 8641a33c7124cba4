/**
 * Not API: helpers shared by the library's packages ({@link io.sparktune.internal.Checks} for
 * argument and state checks in one message format, {@link io.sparktune.internal.Seeds} and {@link
 * io.sparktune.internal.RandomDraws} for the samplers' seeded randomness). Public only because Java
 * packages cannot share otherwise; no API signature mentions them ({@code ArchitectureTest}), and
 * they may change in any release. No Spark, no Hadoop.
 */
package io.sparktune.internal;
