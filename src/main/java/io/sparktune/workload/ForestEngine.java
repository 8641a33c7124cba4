package io.sparktune.workload;

import java.io.Serializable;

/**
 * Trains and scores a tree-ensemble classifier on a {@link ForestTask}: the engines of the digits
 * workload ({@link NativeForestEngine} and {@link TribuoForestEngine} in-process, {@link
 * BroadcastForestEngine} in a Spark task).
 */
public interface ForestEngine extends Serializable {

  /** The engine's config name ({@code native} or {@code local}). */
  String name();

  /** The depth the engine really uses for a requested depth (an engine may cap it). */
  default int effectiveDepth(int maxDepth) {
    return maxDepth;
  }

  /** Accuracy of a forest trained on the task's training rows outside fold {@code k}, on fold k. */
  double foldAccuracy(ForestParams params, int k);

  /** Accuracy on the test rows of a forest trained on all training rows. */
  double testAccuracy(ForestParams params);
}
