package io.sparktune.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The params {@link SparkTuner} and {@link SparkTunerModel} share (Scala's {@code
 * CrossValidatorParams}): CrossValidator's and TrainValidationSplit's with their meaning, plus the
 * study's. Getters return the value set or the default.
 */
public interface SparkTunerParams extends Params {

  /** The holder of this instance's Param objects. */
  TunerParamSet tunerParamSet();

  /** The estimator to tune. */
  default Param<Estimator<?>> estimator() {
    return tunerParamSet().estimator;
  }

  /** The evaluator. */
  default Param<Evaluator> evaluator() {
    return tunerParamSet().evaluator;
  }

  /** CrossValidator's param maps. */
  default Param<ParamMap[]> estimatorParamMaps() {
    return tunerParamSet().estimatorParamMaps;
  }

  /** The search space. */
  default Param<ParamSpace> space() {
    return tunerParamSet().space;
  }

  /** Folds (default 3). */
  default IntParam numFolds() {
    return tunerParamSet().numFolds;
  }

  /** The user's fold column (default none). */
  default Param<String> foldCol() {
    return tunerParamSet().foldCol;
  }

  /** One train/validation split instead of folds (default unset). */
  default DoubleParam trainRatio() {
    return tunerParamSet().trainRatio;
  }

  /** Trials at once (default 1; 0: the cluster's cores). */
  default IntParam parallelism() {
    return tunerParamSet().parallelism;
  }

  /** The seed. */
  default LongParam seed() {
    return tunerParamSet().seed;
  }

  /** Keep fold models (default false). */
  default BooleanParam collectSubModels() {
    return tunerParamSet().collectSubModels;
  }

  /** Trials in all. */
  default IntParam numTrials() {
    return tunerParamSet().numTrials;
  }

  /** The study's timeout in seconds (default none). */
  default DoubleParam timeout() {
    return tunerParamSet().timeout;
  }

  /** tpe, random or grid. */
  default Param<String> sampler() {
    return tunerParamSet().sampler;
  }

  /** none, median, percentile, sha, hyperband or asha. */
  default Param<String> pruner() {
    return tunerParamSet().pruner;
  }

  /** The percentile pruner's percentile (default 25). */
  default DoubleParam prunerPercentile() {
    return tunerParamSet().prunerPercentile;
  }

  /** Trials before the median or percentile pruner prunes (default 5). */
  default IntParam prunerStartupTrials() {
    return tunerParamSet().prunerStartupTrials;
  }

  /** rows or an int param name: the resource of sha, hyperband and asha (default none). */
  default Param<String> budget() {
    return tunerParamSet().budget;
  }

  /** The first rung's resource (default 1). */
  default IntParam minResource() {
    return tunerParamSet().minResource;
  }

  /** A full run's resource (default 27). */
  default IntParam maxResource() {
    return tunerParamSet().maxResource;
  }

  /** eta (default 3). */
  default IntParam reductionFactor() {
    return tunerParamSet().reductionFactor;
  }

  /** The journal URI (default empty: in memory). */
  default Param<String> storage() {
    return tunerParamSet().storage;
  }

  /** The study's name (default sparktune). */
  default Param<String> studyName() {
    return tunerParamSet().studyName;
  }

  /** Extra metrics (default none). */
  default StringArrayParam extraMetrics() {
    return tunerParamSet().extraMetrics;
  }

  /** Stratified folds for classification evaluators (default true). */
  default BooleanParam stratified() {
    return tunerParamSet().stratified;
  }

  /** The estimator. */
  default Estimator<?> getEstimator() {
    return getOrDefault(estimator());
  }

  /** The evaluator. */
  default Evaluator getEvaluator() {
    return getOrDefault(evaluator());
  }

  /** The param maps, or null if unset. */
  default ParamMap[] getEstimatorParamMaps() {
    return isDefined(estimatorParamMaps()) ? getOrDefault(estimatorParamMaps()) : null;
  }

  /** The space, or null if unset. */
  default ParamSpace getSpace() {
    return isDefined(space()) ? getOrDefault(space()) : null;
  }

  /** Folds. */
  default int getNumFolds() {
    return (Integer) getOrDefault(numFolds());
  }

  /** The fold column, empty for none. */
  default String getFoldCol() {
    return getOrDefault(foldCol());
  }

  /** The train ratio, or NaN if unset. */
  default double getTrainRatio() {
    return isDefined(trainRatio()) ? (Double) getOrDefault(trainRatio()) : Double.NaN;
  }

  /** Trials at once. */
  default int getParallelism() {
    return (Integer) getOrDefault(parallelism());
  }

  /** The seed. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** Whether fold models are kept. */
  default boolean getCollectSubModels() {
    return (Boolean) getOrDefault(collectSubModels());
  }

  /** The timeout in seconds, or NaN for none. */
  default double getTimeout() {
    return isDefined(timeout()) ? (Double) getOrDefault(timeout()) : Double.NaN;
  }

  /** The storage URI, empty for memory. */
  default String getStorage() {
    return getOrDefault(storage());
  }

  /** The study name. */
  default String getStudyName() {
    return getOrDefault(studyName());
  }

  /** The budget, empty for none. */
  default String getBudget() {
    return getOrDefault(budget());
  }

  /** The extra metrics. */
  default String[] getExtraMetrics() {
    return getOrDefault(extraMetrics());
  }
}
