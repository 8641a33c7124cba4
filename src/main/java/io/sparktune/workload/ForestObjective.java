package io.sparktune.workload;

import io.sparktune.space.Distribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digits exercise's objective: mean K-fold cross-validated accuracy of a random forest with the
 * trial's {@code n_estimators} and {@code max_depth}. The running mean is reported after each fold
 * (step = fold), so a pruner can stop a hopeless configuration early.
 */
public final class ForestObjective implements Objective {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ForestObjective.class);

  /** User attribute set when the engine used a smaller depth than suggested. */
  public static final String DEPTH_USED = "max_depth_used";

  private final ForestEngine engine;
  private final SearchSpace space;
  private final int k;
  private final long seed;

  /**
   * @param engine the engine that trains
   * @param space must define {@code n_estimators} and {@code max_depth} as int distributions
   * @param k number of folds of the engine's task
   * @param seed the forests' seed
   */
  public ForestObjective(ForestEngine engine, SearchSpace space, int k, long seed) {
    requireSpace(space);
    this.engine = engine;
    this.space = space;
    this.k = k;
    this.seed = seed;
  }

  /**
   * Checks that {@code space} defines exactly {@code n_estimators} and {@code max_depth}, as int
   * distributions.
   *
   * @throws IllegalArgumentException naming the parameter otherwise
   */
  public static void requireSpace(SearchSpace space) {
    if (!space.params().keySet().equals(java.util.Set.of("n_estimators", "max_depth"))) {
      throw new IllegalArgumentException("space must define exactly [n_estimators, max_depth] for"
          + " the forest workload, but got " + space.params().keySet());
    }
    for (String name : new String[] {"n_estimators", "max_depth"}) {
      Distribution d = space.params().get(name);
      if (!(d instanceof IntDistribution)) {
        throw new IllegalArgumentException("space." + name
            + " must be an int parameter of the forest workload, but got " + d);
      }
    }
  }

  /** The hyperparameters of {@code trial}, suggested from the space. */
  public ForestParams params(Trial trial) {
    int numTrees = (int) trial.suggestInt("n_estimators",
        (IntDistribution) space.params().get("n_estimators"));
    int maxDepth = (int) trial.suggestInt("max_depth",
        (IntDistribution) space.params().get("max_depth"));
    return new ForestParams(numTrees, maxDepth, seed);
  }

  @Override
  public double evaluate(Trial trial) {
    ForestParams p = params(trial);
    int used = engine.effectiveDepth(p.maxDepth());
    if (used != p.maxDepth()) {
      trial.setUserAttr(DEPTH_USED, used);
      LOG.info("Trial {}: max_depth {} capped to {} ({} engine limit)", trial.number(),
          p.maxDepth(), used, engine.name());
    }
    double sum = 0;
    for (int fold = 0; fold < k; fold++) {
      sum += engine.foldAccuracy(p, fold);
      trial.report(sum / (fold + 1), fold);
      if (fold < k - 1 && trial.shouldPrune()) {
        throw new TrialPrunedException("Trial was pruned at fold " + fold + ".");
      }
    }
    return sum / k;
  }
}
