/**
 * Edge package: {@link io.sparktune.storage.hadoop.HadoopJournalBackend}, the journal on any Hadoop
 * {@code FileSystem} with append ({@code hdfs://}, {@code file://}). May import {@code
 * org.apache.hadoop}.
 */
package io.sparktune.storage.hadoop;
