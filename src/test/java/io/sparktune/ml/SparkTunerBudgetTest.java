package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ASHA (promotion variant) on a budget param, and successive halving on row fractions. */
@Tag("spark")
final class SparkTunerBudgetTest {

  @Test
  void asha_onMaxIter_promotesTheBestAndRecordsTheRetrainingCost() {
    LogisticRegression lr = new LogisticRegression();
    Pipeline pipeline = SparkTunerTest.cancer(lr);
    SparkTunerModel m = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(pipeline).logRange(lr.regParam(), 1e-4, 10))
        .setSampler("random").setPruner("asha").setBudget("2.maxIter").setMinResource(1)
        .setMaxResource(9).setReductionFactor(3).setNumTrials(6).setTrainRatio(0.7).setSeed(2)
        .setParallelism(2).fit(MlData.csv("breast_cancer.csv"));
    List<FrozenTrial> trials = m.study().trials();
    assertThat(trials).hasSize(6);
    List<FrozenTrial> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
        .toList();
    assertThat(complete).isNotEmpty();
    assertThat(trials.stream().filter(t -> t.state() == TrialState.PRUNED)).isNotEmpty();
    FrozenTrial top = complete.get(0);
    assertThat(top.intermediateValues()).containsOnlyKeys(1, 3, 9);
    // no MLlib estimator continues a fit: the promoted trial retrained at 1, 3 and 9 iterations
    assertThat(((Number) top.userAttrs().get(CrossValidation.RESOURCE_TRAINED)).longValue())
        .isEqualTo(13);
    LogisticRegressionModel best = (LogisticRegressionModel)
        ((PipelineModel) m.bestModel()).stages()[2];
    assertThat(best.getMaxIter()).isEqualTo(9); // refit at the full budget
  }

  @Test
  void sha_onRowFractions_stopsTrialsAtTheSmallFraction() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(10);
    Pipeline pipeline = SparkTunerTest.cancer(lr);
    SparkTunerModel m = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(pipeline).logRange(lr.regParam(), 1e-3, 100))
        .setSampler("random").setPruner("sha").setBudget("rows").setMinResource(1)
        .setMaxResource(4).setReductionFactor(2).setNumTrials(4).setTrainRatio(0.7).setSeed(4)
        .fit(MlData.csv("breast_cancer.csv"));
    List<FrozenTrial> trials = m.study().trials();
    assertThat(trials).hasSize(4);
    assertThat(trials.get(0).intermediateValues()).containsOnlyKeys(1, 2, 4);
    assertThat(trials.stream().anyMatch(t -> t.state() == TrialState.PRUNED
        && !t.intermediateValues().containsKey(4))).isTrue();
  }
}
