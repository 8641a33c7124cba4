package io.sparktune.workload;

import static io.sparktune.internal.Checks.require;

import java.io.Serializable;

/**
 * Random-forest hyperparameters.
 *
 * @param numTrees number of trees (n_estimators), at least 1
 * @param maxDepth maximum tree depth, at least 1
 * @param seed seeds bootstrap and feature sampling
 */
public record ForestParams(int numTrees, int maxDepth, long seed) implements Serializable {
  public ForestParams {
    require(numTrees >= 1, "n_estimators must be >= 1, but got %d", numTrees);
    require(maxDepth >= 1, "max_depth must be >= 1, but got %d", maxDepth);
  }
}
