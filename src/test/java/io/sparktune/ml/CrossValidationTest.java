package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.SharedSpark;
import io.sparktune.spark.SparkTrialExecutor;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The per-trial evaluation on the real breast-cancer and diabetes tables. */
@Tag("spark")
final class CrossValidationTest {

  static Pipeline cancerPipeline(LogisticRegression lr) {
    return new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("diagnosis").setOutputCol("label"),
        new VectorAssembler().setInputCols(MlData.breastCancerFeatures())
            .setOutputCol("features"), lr});
  }

  @Test
  void folds_areStratifiedAndEveryTrialRecordsItsFoldValues() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(20);
    ParamSpace space = ParamSpace.over(cancerPipeline(lr)).logRange(lr.regParam(), 1e-3, 1.0)
        .fixed("2.standardization", true);
    try (CrossValidation cv = CrossValidation.builder(space, new BinaryClassificationEvaluator())
        .numFolds(3).seed(7).extraMetrics(List.of("areaUnderPR")).build(
            MlData.csv("breast_cancer.csv"))) {
      assertThat(cv.direction()).isEqualTo(Direction.MAXIMIZE);
      assertThat(cv.describe()).isEqualTo("3 folds (seed 7)"); // label made by the pipeline
      Study study = Study.builder().direction(cv.direction()).sampler(new RandomSampler(3))
          .pruner(new NopPruner()).build();
      try (SparkTrialExecutor jobs = SparkTrialExecutor.jobs(SharedSpark.session()).slots(2)
          .build()) {
        StudyDriver.builder(study, jobs).scheduler(Scheduler.fifo(cv.objective(),
            cv.searchSpace())).nTrials(4).build().run();
      }
      List<FrozenTrial> trials = study.trials();
      assertThat(trials).hasSize(4).allMatch(t -> t.state() == TrialState.COMPLETE);
      for (FrozenTrial t : trials) {
        @SuppressWarnings("unchecked")
        List<Double> folds = (List<Double>) t.userAttrs().get(CrossValidation.FOLD_METRICS);
        assertThat(folds).hasSize(3);
        assertThat(t.value()).isCloseTo(folds.stream().mapToDouble(d -> d).average()
            .orElseThrow(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(t.intermediateValues()).containsOnlyKeys(0, 1, 2);
        assertThat(t.intermediateValues().get(2)).isEqualTo(t.value());
        assertThat((Double) t.userAttrs().get("metric.areaUnderPR")).isBetween(0.8, 1.0);
        assertThat(t.value()).isBetween(0.9, 1.0);
      }
    }
  }

  @Test
  void stratifiedFolds_keepTheClassProportions() {
    Dataset<Row> data = new StringIndexer().setInputCol("diagnosis").setOutputCol("label")
        .fit(MlData.csv("breast_cancer.csv")).transform(MlData.csv("breast_cancer.csv"));
    LogisticRegression lr = new LogisticRegression().setMaxIter(5);
    Pipeline p = new Pipeline().setStages(new PipelineStage[] {new VectorAssembler()
        .setInputCols(MlData.breastCancerFeatures()).setOutputCol("features"), lr});
    try (CrossValidation cv = CrossValidation.builder(ParamSpace.over(p),
        new BinaryClassificationEvaluator()).numFolds(3).seed(1).build(data)) {
      assertThat(cv.describe()).isEqualTo("3 folds, stratified by label (seed 1)");
      // 357 benign and 212 malignant rows: each fold gets 119 and 70 or 71
      double v = (Double) cv.objective().evaluate(new FixedTrial(Map.of()));
      assertThat(v).isBetween(0.9, 1.0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void regression_minimizesRmseAndRefitsOnAllData() throws Exception {
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"age", "sex", "bmi",
        "bp", "s1", "s2", "s3", "s4", "s5", "s6"}).setOutputCol("features")
        .transform(MlData.csv("diabetes.csv")).withColumnRenamed("progression", "label");
    LinearRegression reg = new LinearRegression();
    ParamSpace space = ParamSpace.over(reg).floatRange(reg.regParam(), 0, 10);
    try (CrossValidation cv = CrossValidation.builder(space, new RegressionEvaluator())
        .trainRatio(0.75).seed(3).build(data)) {
      assertThat(cv.direction()).isEqualTo(Direction.MINIMIZE);
      assertThat(cv.folds()).isEqualTo(1);
      double v = cv.objective().evaluate(new FixedTrial(Map.of("regParam", 0.0)));
      assertThat(v).isBetween(45.0, 65.0); // rmse of a linear fit on diabetes is about 54
      Model<?> m = cv.refit(Map.of("regParam", 0.5), data);
      assertThat(((org.apache.spark.ml.regression.LinearRegressionModel) m).getRegParam())
          .isEqualTo(0.5);
    }
  }

  @Test
  void userFoldColumn_isCheckedAndUsed() {
    Dataset<Row> data = MlData.csv("diabetes.csv").withColumn("fold",
        functions.col("age").mod(4).cast("int"));
    LinearRegression reg = new LinearRegression().setFeaturesCol("f");
    ParamSpace space = ParamSpace.over(reg);
    assertThatThrownBy(() -> CrossValidation.builder(space, new RegressionEvaluator())
        .numFolds(3).foldCol("fold").build(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("foldCol 'fold' must hold fold numbers in [0, 3), but got values from 0 to 3");
    assertThatThrownBy(() -> CrossValidation.builder(space, new RegressionEvaluator())
        .foldCol("bmi").build(data))
        .hasMessage("foldCol 'bmi' must be an integer column, but got double");
    assertThatThrownBy(() -> CrossValidation.builder(space, new RegressionEvaluator())
        .extraMetrics(List.of("rsme")))
        .hasMessageStartingWith("extraMetrics 'rsme' must be a metricName of RegressionEvaluator (");
    assertThatThrownBy(() -> CrossValidation.builder(space, new RegressionEvaluator())
        .budget("regParam", 1, 9, 3))
        .hasMessage("budget regParam must be an int param (an iteration count), but got a double"
            + " param");
  }

  @Test
  void searchSpace_isTheSpacesParams() {
    LogisticRegression lr = new LogisticRegression();
    ParamSpace space = ParamSpace.over(lr).logRange(lr.regParam(), 1e-3, 1);
    assertThat(space.searchSpace()).isEqualTo(SearchSpace.builder().add("regParam",
        io.sparktune.space.FloatDistribution.logUniform(1e-3, 1)).build());
  }
}
