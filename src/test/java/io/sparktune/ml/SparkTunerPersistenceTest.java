package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.hadoop.MiniHdfs;
import io.sparktune.trial.FrozenTrial;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and load of the fitted tuner and of the tuner, on the local file system and on a real
 * in-process HDFS (the study's journal on HDFS too).
 */
@Tag("spark")
final class SparkTunerPersistenceTest {
  @TempDir static Path base;
  private static MiniHdfs hdfs;
  private static String root;
  private static SparkTunerModel model;
  private static LogisticRegression lr;

  @BeforeAll
  static void fitWithTheJournalOnHdfs() throws Exception {
    hdfs = new MiniHdfs(base.resolve("hdfs"));
    root = hdfs.cluster.getURI().toString();
    SharedSpark.session();
    lr = new LogisticRegression().setMaxIter(10);
    Pipeline pipeline = SparkTunerTest.cancer(lr);
    model = new SparkTuner().setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(pipeline).logRange(lr.regParam(), 1e-3, 1.0)
            .fixed(lr.elasticNetParam(), 0.0))
        .setSampler("random").setNumTrials(3).setTrainRatio(0.7).setSeed(11)
        .setCollectSubModels(true).setExtraMetrics(new String[] {"areaUnderPR"})
        .setStorage(root + "/studies/cancer.jsonl").setStudyName("cancer")
        .fit(MlData.csv("breast_cancer.csv"));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static List<Row> predictions(SparkTunerModel m) {
    return m.transform(MlData.csv("breast_cancer.csv")).select("probability", "prediction")
        .collectAsList();
  }

  private static void assertSameModel(SparkTunerModel loaded) {
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(predictions(loaded)).isEqualTo(predictions(model));
    assertThat(loaded.avgMetrics()).containsExactly(model.avgMetrics());
    assertThat(loaded.study().trials()).hasSize(3);
    FrozenTrial best = loaded.bestTrial();
    assertThat(best.params()).isEqualTo(model.bestTrial().params());
    assertThat(best.datetimeComplete()).isEqualTo(model.bestTrial().datetimeComplete());
    assertThat(best.userAttrs()).containsKeys(CrossValidation.FOLD_METRICS, "metric.areaUnderPR");
    assertThat(loaded.getSpace().searchSpace()).isEqualTo(model.getSpace().searchSpace());
    assertThat(loaded.getSpace().fixedValues()).isEqualTo(model.getSpace().fixedValues());
    assertThat(loaded.getTrainRatio()).isEqualTo(0.7);
    assertThat((Integer) loaded.getOrDefault(loaded.numTrials())).isEqualTo(3);
    assertThat(loaded.getStudyName()).isEqualTo("cancer");
    assertThat(loaded.trials().columns()).contains("number", "state", "value",
        "params_2.regParam");
  }

  @Test
  void model_roundTripsLocally_withSubModels() throws Exception {
    String path = base.resolve("local-model").toUri().toString();
    model.write().option("persistSubModels", "true").save(path);
    SparkTunerModel loaded = SparkTunerModel.load(path);
    assertSameModel(loaded);
    assertThat(loaded.hasSubModels()).isTrue();
    assertThat(loaded.subModels()[0]).hasSize(3).doesNotContainNull();
    // MLlib's own reflective loader finds the class and its static read()
    Object generic = DefaultParamsReader.loadParamsInstance(path, SharedSpark.session()
        .sparkContext());
    assertThat(generic).isInstanceOf(SparkTunerModel.class);
    assertThatThrownBy(() -> model.write().save(path))
        .hasMessageContaining("already exists");
    model.write().overwrite().save(path);
    assertThatThrownBy(() -> SparkTuner.load(path)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must hold a saved SparkTuner, but got one of"
            + " io.sparktune.ml.SparkTunerModel at '" + path + "'");
  }

  @Test
  void model_roundTripsOnHdfs() throws Exception {
    String path = root + "/models/cancer";
    model.save(path);
    SparkTunerModel loaded = SparkTunerModel.load(path);
    assertSameModel(loaded);
    assertThat(loaded.hasSubModels()).isFalse();
    assertThat(hdfs.newClient().exists(new org.apache.hadoop.fs.Path(
        "/models/cancer/study/journal.jsonl"))).isTrue();
    assertThat(hdfs.newClient().exists(new org.apache.hadoop.fs.Path(
        "/studies/cancer.jsonl"))).isTrue();
  }

  @Test
  void tuner_roundTripsWithItsSpaceAndGrid() throws Exception {
    SparkTuner tuner = (SparkTuner) model.parent();
    String path = root + "/tuners/cancer";
    tuner.save(path);
    SparkTuner loaded = SparkTuner.load(path);
    assertThat(loaded.uid()).isEqualTo(tuner.uid());
    assertThat(loaded.getSpace().searchSpace()).isEqualTo(tuner.getSpace().searchSpace());
    assertThat(loaded.getStorage()).isEqualTo(root + "/studies/cancer.jsonl");
    assertThat(loaded.getExtraMetrics()).containsExactly("areaUnderPR");
    assertThat(((Pipeline) loaded.getEstimator()).getStages()).hasSize(3);
    assertThat(loaded.plan().numTrials()).isEqualTo(3);
  }

  @Test
  void serviceLoader_findsTheTunerAndItsModel() {
    assertThat(ServiceLoader.load(Estimator.class).stream().map(p -> p.type().getName()))
        .contains("io.sparktune.ml.SparkTuner");
    assertThat(ServiceLoader.load(Transformer.class).stream().map(p -> p.type().getName()))
        .contains("io.sparktune.ml.SparkTunerModel");
  }
}
