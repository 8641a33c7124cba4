package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The drop-in on the real breast-cancer and wine tables. */
@Tag("spark")
final class SparkTunerTest {

  static Pipeline cancer(PipelineStage model) {
    return new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("diagnosis").setOutputCol("label"),
        new VectorAssembler().setInputCols(MlData.breastCancerFeatures())
            .setOutputCol("features"), model});
  }

  /** breast_cancer.csv with a fixed fold column (so CrossValidator sees the same folds). */
  static Dataset<Row> cancerWithFolds() {
    return MlData.csv("breast_cancer.csv").withColumn("fold",
        functions.abs(functions.hash(functions.col("mean_radius"), functions.col("mean_area")))
            .mod(3).cast("int"));
  }

  @Test
  void grid_givesCrossValidatorsBestParamMapAndMetrics() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(10);
    Pipeline pipeline = cancer(lr);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(lr.regParam(), new double[] {1.0, 0.1, 0.001})
        .addGrid(lr.fitIntercept()).build();
    Dataset<Row> data = cancerWithFolds();
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator()).setEstimatorParamMaps(grid)
        .setNumFolds(3).setFoldCol("fold").setParallelism(2).fit(data);
    SparkTunerModel tuned = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator()).setEstimatorParamMaps(grid)
        .setNumFolds(3).setFoldCol("fold").setParallelism(2).fit(data);

    assertThat(tuned.avgMetrics()).hasSize(grid.length);
    for (int i = 0; i < grid.length; i++) {
      assertThat(tuned.avgMetrics()[i]).as("map %d", i)
          .isCloseTo(cv.avgMetrics()[i], org.assertj.core.data.Offset.offset(1e-9));
    }
    LogisticRegressionModel mine = (LogisticRegressionModel)
        ((PipelineModel) tuned.bestModel()).stages()[2];
    LogisticRegressionModel theirs = (LogisticRegressionModel)
        ((PipelineModel) cv.bestModel()).stages()[2];
    assertThat(mine.getRegParam()).isEqualTo(theirs.getRegParam());
    assertThat(mine.getFitIntercept()).isEqualTo(theirs.getFitIntercept());
    assertThat(Arrays.stream(tuned.stdMetrics()).allMatch(s -> s >= 0)).isTrue();
    assertThat(tuned.foldMetrics()[0]).hasSize(3);
    assertThat(tuned.getEstimatorParamMaps()).hasSize(grid.length);
    assertThat(tuned.trials().count()).isEqualTo(grid.length);
  }

  @Test
  void failingFit_failsThatTrialOnly() {
    // wine has 3 cultivars: the binomial family cannot fit them and throws
    LogisticRegression lr = new LogisticRegression().setMaxIter(5).setLabelCol("cultivar");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(Arrays.copyOf(MlData.csv("wine.csv").columns(), 13))
            .setOutputCol("features"), lr});
    SparkTunerModel m = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new MulticlassClassificationEvaluator().setLabelCol("cultivar"))
        .setSpace(ParamSpace.over(pipeline).choice(lr.family(), "multinomial", "binomial"))
        .setSampler("grid").setNumFolds(2).fit(MlData.csv("wine.csv"));
    List<FrozenTrial> trials = m.study().trials();
    assertThat(trials).extracting(FrozenTrial::state).containsExactlyInAnyOrder(
        TrialState.COMPLETE, TrialState.FAIL);
    FrozenTrial failed = trials.stream().filter(t -> t.state() == TrialState.FAIL).findFirst()
        .orElseThrow();
    assertThat(failed.params()).containsEntry("1.family", "binomial");
    assertThat((String) failed.systemAttrs().get("fail_reason"))
        .contains("Binomial family only supports 1 or 2 outcome classes");
    assertThat(m.bestTrial().params()).containsEntry("1.family", "multinomial");
    assertThat(m.avgMetrics()[failed.number()]).isNaN();
  }

  @Test
  void hopelessConfiguration_isPrunedAfterItsFirstFold() {
    DecisionTreeClassifier tree = new DecisionTreeClassifier();
    Pipeline pipeline = cancer(tree);
    // depth 0 is one leaf: AUC 0.5 on every fold, far below the others' 0.9+
    ParamMap[] grid = new ParamGridBuilder().addGrid(tree.maxDepth(), new int[] {3, 4, 0})
        .build();
    SparkTunerModel m = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator()).setEstimatorParamMaps(grid)
        .setPruner("median").setPrunerStartupTrials(2).setNumFolds(3).setSeed(5)
        .fit(MlData.csv("breast_cancer.csv"));
    FrozenTrial hopeless = m.study().trial(2);
    assertThat(((Number) hopeless.params().get("2.maxDepth")).intValue()).isZero();
    assertThat(hopeless.state()).isEqualTo(TrialState.PRUNED);
    assertThat(hopeless.intermediateValues()).containsOnlyKeys(0);
    assertThat(m.study().trial(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(m.foldMetrics()[2][1]).isNaN();
  }

  @Test
  void setters_rejectBadValuesWithTheFieldsName() {
    SparkTuner t = new SparkTuner();
    assertThatThrownBy(() -> t.setSampler("bayes")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampler must be one of [tpe, random, grid], but got 'bayes'");
    assertThatThrownBy(() -> t.setPruner("wilcoxon"))
        .hasMessage("pruner must be one of [none, median, percentile, sha, hyperband, asha], but"
            + " got 'wilcoxon'");
    assertThatThrownBy(() -> t.setNumFolds(1)).hasMessage("numFolds must be >= 2, but got 1");
    assertThatThrownBy(() -> t.setTrainRatio(1.0))
        .hasMessage("trainRatio must be in (0, 1), but got 1.0");
    LogisticRegression lr = new LogisticRegression();
    t.setEstimator(lr);
    assertThatThrownBy(() -> t.setBudget("regParam"))
        .hasMessage("budget regParam must be an int param (an iteration count), but got a double"
            + " param");
    assertThatThrownBy(() -> t.setBudget("maxIters"))
        .hasMessageStartingWith("maxIters must be a param of LogisticRegression [");
    DecisionTreeClassifier other = new DecisionTreeClassifier();
    assertThatThrownBy(() -> t.setEstimatorParamMaps(new ParamGridBuilder()
        .addGrid(other.maxDepth(), new int[] {1, 2}).build()))
        .hasMessageStartingWith("estimatorParamMaps[0] maxDepth must be a param of"
            + " LogisticRegression, but got a param of another object (uid dtc_");
    assertThatThrownBy(() -> new SparkTuner().setEstimator(lr)
        .setEvaluator(new BinaryClassificationEvaluator()).fit(MlData.csv("wine.csv")))
        .hasMessage("space or estimatorParamMaps must be set, but got neither");
    assertThatThrownBy(() -> new SparkTuner().setEstimator(lr)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(lr).logRange(lr.regParam(), 1e-3, 1)).setPruner("asha")
        .fit(MlData.csv("wine.csv")))
        .hasMessage("budget must be set for pruner asha (rows or an int param such as maxIter),"
            + " but got none");
    assertThatThrownBy(() -> new SparkTuner().setEstimator(lr)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(lr).logRange(lr.regParam(), 1e-3, 1)).setSampler("grid")
        .fit(MlData.csv("wine.csv")))
        .hasMessage("sampler grid needs choices or stepped ranges, but regParam is "
            + "FloatDistribution[low=0.001, high=1.0, log=true, step=null]");
  }
}
