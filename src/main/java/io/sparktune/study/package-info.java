/**
 * Studies: {@link io.sparktune.study.Study} (optimize on local threads, ask/tell, enqueue, best
 * trial), {@link io.sparktune.study.Objective}, {@link io.sparktune.study.OptimizeOptions} and
 * {@link io.sparktune.study.StudyCallback}. Core package: no Spark, no Hadoop.
 */
package io.sparktune.study;
