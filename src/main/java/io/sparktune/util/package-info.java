/** Small helpers shared by every package: {@link io.sparktune.util.Checks}. No Spark, no Hadoop. */
package io.sparktune.util;
