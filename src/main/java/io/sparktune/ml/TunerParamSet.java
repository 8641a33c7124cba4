package io.sparktune.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Param objects of one {@link SparkTuner} or {@link SparkTunerModel} (their parent): what
 * Scala's {@code CrossValidatorParams} trait holds, kept in an object because a Java interface
 * cannot hold fields. Read them through {@link SparkTunerParams}; not for other use.
 */
public final class TunerParamSet {
  /** The samplers {@code sampler} accepts. */
  static final String[] SAMPLERS = {"tpe", "random", "grid"};
  /** The pruners {@code pruner} accepts. */
  static final String[] PRUNERS = {"none", "median", "percentile", "sha", "hyperband", "asha"};

  final Param<Estimator<?>> estimator;
  final Param<Evaluator> evaluator;
  final Param<ParamMap[]> estimatorParamMaps;
  final Param<ParamSpace> space;
  final IntParam numFolds;
  final Param<String> foldCol;
  final DoubleParam trainRatio;
  final IntParam parallelism;
  final LongParam seed;
  final BooleanParam collectSubModels;
  final IntParam numTrials;
  final DoubleParam timeout;
  final Param<String> sampler;
  final Param<String> pruner;
  final DoubleParam prunerPercentile;
  final IntParam prunerStartupTrials;
  final Param<String> budget;
  final IntParam minResource;
  final IntParam maxResource;
  final IntParam reductionFactor;
  final Param<String> storage;
  final Param<String> studyName;
  final StringArrayParam extraMetrics;
  final BooleanParam stratified;

  TunerParamSet(Params parent) {
    estimator = new Param<>(parent, "estimator", "estimator to tune (a Pipeline too)");
    evaluator = new Param<>(parent, "evaluator",
        "evaluator that scores the validation rows; its isLargerBetter gives the direction");
    estimatorParamMaps = new Param<>(parent, "estimatorParamMaps",
        "param maps for the estimator, as for CrossValidator: a Cartesian ParamGridBuilder grid"
            + " runs as the grid sampler, other lists run in order");
    space = new Param<>(parent, "space", "search space over the estimator's params (ParamSpace)");
    numFolds = new IntParam(parent, "numFolds", "number of folds for cross validation (>= 2)",
        ParamValidators.gtEq(2));
    foldCol = new Param<>(parent, "foldCol", "the user's fold column: integers in [0, numFolds);"
        + " empty for random folds");
    trainRatio = new DoubleParam(parent, "trainRatio", "ratio between training and validation"
        + " rows for one train/validation split instead of folds, in (0, 1)",
        ParamValidators.inRange(0, 1, false, false));
    parallelism = new IntParam(parent, "parallelism", "trials evaluated at once, each fit Spark"
        + " jobs in its own FAIR pool; 0 follows the cluster's cores (>= 0)",
        ParamValidators.gtEq(0));
    seed = new LongParam(parent, "seed", "random seed of the folds and the sampler");
    collectSubModels = new BooleanParam(parent, "collectSubModels",
        "whether to keep the fold models of every trial (memory!)");
    numTrials = new IntParam(parent, "numTrials", "trials the study should have in all, resumed"
        + " trials included (>= 1; default: the grid's size, else 20)", ParamValidators.gtEq(1));
    timeout = new DoubleParam(parent, "timeout", "seconds after which no trial starts and running"
        + " ones are cancelled (> 0)", ParamValidators.gt(0));
    sampler = new Param<>(parent, "sampler", "tpe, random or grid (default: grid with"
        + " estimatorParamMaps, else tpe)", ParamValidators.inArray(SAMPLERS));
    pruner = new Param<>(parent, "pruner", "none, median, percentile (fold means), sha,"
        + " hyperband or asha (need budget) (default: none with estimatorParamMaps, else median)",
        ParamValidators.inArray(PRUNERS));
    prunerPercentile = new DoubleParam(parent, "prunerPercentile",
        "the percentile pruner's percentile, in [0, 100]", ParamValidators.inRange(0, 100));
    prunerStartupTrials = new IntParam(parent, "prunerStartupTrials",
        "trials that finish before the median or percentile pruner prunes (>= 0)",
        ParamValidators.gtEq(0));
    budget = new Param<>(parent, "budget", "the resource of sha, hyperband and asha: rows (a"
        + " fraction of the training rows) or an int param of the estimator such as maxIter");
    minResource = new IntParam(parent, "minResource", "the first rung's resource (>= 1)",
        ParamValidators.gtEq(1));
    maxResource = new IntParam(parent, "maxResource", "a full training run's resource (>= 2);"
        + " with budget rows, resource r trains on r/maxResource of the rows",
        ParamValidators.gtEq(2));
    reductionFactor = new IntParam(parent, "reductionFactor", "eta of sha, hyperband and asha"
        + " (>= 2)", ParamValidators.gtEq(2));
    storage = new Param<>(parent, "storage", "journal URI on any Hadoop FileSystem (file:, hdfs:)"
        + " or a local path: a crashed fit resumes the study; empty keeps it in memory");
    studyName = new Param<>(parent, "studyName", "the study's name in the storage");
    extraMetrics = new StringArrayParam(parent, "extraMetrics",
        "metric names of the evaluator recorded per trial besides the optimized one");
    stratified = new BooleanParam(parent, "stratified",
        "whether k folds keep the label's class proportions (classification evaluators only)");
  }

  /** Sets the defaults on {@code parent} (the owner of these params). */
  void setDefaults(Params parent) {
    parent.setDefault(numFolds, 3);
    parent.setDefault(foldCol, "");
    parent.setDefault(parallelism, 1);
    parent.setDefault(seed, (long) SparkTuner.class.getName().hashCode());
    parent.setDefault(collectSubModels, false);
    parent.setDefault(prunerPercentile, 25.0);
    parent.setDefault(prunerStartupTrials, 5);
    parent.setDefault(budget, "");
    parent.setDefault(minResource, 1);
    parent.setDefault(maxResource, 27);
    parent.setDefault(reductionFactor, 3);
    parent.setDefault(storage, "");
    parent.setDefault(studyName, "sparktune");
    parent.setDefault(extraMetrics, new String[0]);
    parent.setDefault(stratified, true);
  }
}
