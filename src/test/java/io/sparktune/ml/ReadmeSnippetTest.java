package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Tuning an MLlib model from Java" snippet verbatim (the lines between the
 * markers below) on the breast-cancer table written as Parquet, and checks that the README shows
 * exactly those lines.
 */
@Tag("spark")
final class ReadmeSnippetTest {
  @TempDir Path dir;

  @Test
  void readmeSnippet_runsAsShown() throws Exception {
    SparkSession spark = SharedSpark.session();
    String path = dir.resolve("cancer.parquet").toString();
    MlData.csv("breast_cancer.csv").write().parquet(path);
    String journal = dir.resolve("cancer-study.jsonl").toString();
    String output = dir.resolve("cancer-model").toString();
    // README-BEGIN
    Dataset<Row> data = spark.read().parquet(path);   // a local path or any Hadoop URI
    StringIndexer label = new StringIndexer().setInputCol("diagnosis").setOutputCol("label");
    VectorAssembler features = new VectorAssembler()
        .setInputCols(new String[] {"mean_radius", "mean_texture", "mean_concavity", "worst_area"})
        .setOutputCol("features");
    GBTClassifier gbt = new GBTClassifier();
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {label, features, gbt});

    SparkTuner tuner = new SparkTuner()               // was: new CrossValidator()
        .setEstimator(pipeline)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSpace(ParamSpace.over(pipeline)
            .intRange(gbt.maxDepth(), 2, 5)
            .logRange(gbt.stepSize(), 0.05, 0.5)
            .fixed(gbt.maxIter(), 5))
        .setNumTrials(4).setNumFolds(2).setParallelism(2)
        .setStorage(journal);                         // a rerun resumes the study
    SparkTunerModel model = tuner.fit(data);
    System.out.println(model.bestTrial().params() + " AUC " + model.bestTrial().value());
    model.trials().select("number", "state", "value", "`params_2.maxDepth`").show();
    model.write().overwrite().save(output);
    SparkTunerModel.load(output).transform(data).select("diagnosis", "prediction").show(3);
    // README-END
    assertThat(model.study().trials()).hasSize(4);
    assertThat(model.bestTrial().value()).isBetween(0.9, 1.0);
    assertThat(Files.exists(Path.of(journal))).isTrue();

    List<String> snippet = snippetLines();
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains(String.join("\n", snippet));
  }

  /** The marked lines of this file, with the method body's indentation removed. */
  private static List<String> snippetLines() throws IOException {
    List<String> src = Files.readAllLines(
        Path.of("src/test/java/io/sparktune/ml/ReadmeSnippetTest.java"));
    int from = src.indexOf("    // README-BEGIN") + 1;
    int to = src.indexOf("    // README-END");
    return src.subList(from, to).stream().map(l -> l.length() >= 4 ? l.substring(4) : l)
        .collect(Collectors.toList());
  }
}
