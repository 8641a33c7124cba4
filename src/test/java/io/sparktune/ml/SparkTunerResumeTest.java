package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.sampler.RandomSampler;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regression model on the diabetes table, and a fit that resumes a crashed fit's journal. */
@Tag("spark")
final class SparkTunerResumeTest {
  @TempDir Path dir;

  static Pipeline diabetes(LinearRegression reg) {
    return new Pipeline().setStages(new PipelineStage[] {new VectorAssembler()
        .setInputCols(new String[] {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5",
            "s6"}).setOutputCol("features"), reg.setLabelCol("progression")});
  }

  @Test
  void crashedFit_resumesFromTheJournalWithTheExactCount() {
    LinearRegression reg = new LinearRegression();
    Pipeline pipeline = diabetes(reg);
    ParamSpace space = ParamSpace.over(pipeline).floatRange(reg.regParam(), 0, 5)
        .floatRange(reg.elasticNetParam(), 0, 1);
    String journal = dir.resolve("diabetes.jsonl").toString();
    Dataset<Row> data = MlData.csv("diabetes.csv");
    SparkTuner tuner = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new RegressionEvaluator().setLabelCol("progression")).setSpace(space)
        .setSampler("tpe").setNumTrials(3).setNumFolds(2).setSeed(3).setStorage(journal)
        .setStudyName("diabetes").setParallelism(2);
    SparkTunerModel first = tuner.fit(data);
    assertThat(first.study().direction()).isEqualTo(Direction.MINIMIZE);
    assertThat(first.bestTrial().value()).isBetween(45.0, 80.0); // rmse, progression 25..346
    List<FrozenTrial> before = first.study().trials();

    // a fit that dies mid-trial leaves that trial RUNNING in the journal, with its params
    Map<String, Object> lost;
    try (JournalStorage j = JournalStorage.open(Path.of(journal))) {
      Study s = Study.builder().name("diabetes").direction(Direction.MINIMIZE).storage(j)
          .sampler(new RandomSampler(9)).loadIfExists(true).build();
      Trial t = s.ask(space.searchSpace());
      lost = t.params();
    }

    SparkTunerModel second = tuner.copy(new org.apache.spark.ml.param.ParamMap())
        .setNumTrials(5).fit(data);
    List<FrozenTrial> after = second.study().trials();
    assertThat(after).hasSize(6);
    for (int i = 0; i < 3; i++) {
      assertThat(after.get(i).value()).isEqualTo(before.get(i).value());
      assertThat(after.get(i).params()).isEqualTo(before.get(i).params());
    }
    assertThat(after.get(3).state()).isEqualTo(TrialState.FAIL);
    assertThat((String) after.get(3).systemAttrs().get("fail_reason"))
        .isEqualTo(TunerStorage.LOST);
    assertThat(after.get(4).params()).isEqualTo(lost); // retried first
    assertThat(after.subList(4, 6)).allMatch(t -> t.state() == TrialState.COMPLETE);
    assertThat(JournalStorage.countedTrials(after)).isEqualTo(5);
    assertThat(second.avgMetrics()).hasSize(6);

    // numTrials already reached: a third fit runs nothing new and refits the same best
    SparkTunerModel third = tuner.copy(new org.apache.spark.ml.param.ParamMap())
        .setNumTrials(5).fit(data);
    assertThat(third.study().trials()).hasSize(6);
    assertThat(third.bestTrial().number()).isEqualTo(second.bestTrial().number());
  }
}
