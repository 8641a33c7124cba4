/**
 * Storage: the {@link io.sparktune.storage.Storage} SPI, the thread-safe {@link
 * io.sparktune.storage.InMemoryStorage}, {@link io.sparktune.storage.StudyInfo} and the storage
 * exceptions. Core package: no Spark, no Hadoop.
 */
package io.sparktune.storage;
