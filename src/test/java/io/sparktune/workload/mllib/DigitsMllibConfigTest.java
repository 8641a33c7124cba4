package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/digits-mllib.yaml}, the digits forest on MLlib (formerly {@code engine: mllib} of
 * digits-forest), run as shipped but for a two-point grid and 2 folds (test cost): the bundled
 * CSV without a header, every column but the label assembled, the direction from accuracy.
 */
@Tag("spark")
final class DigitsMllibConfigTest {
  @TempDir Path dir;

  private static String config() throws IOException {
    return Files.readString(Path.of("conf/digits-mllib.yaml"));
  }

  @Test
  void run_shippedConfigSmallGrid_tunesRandomForestOnBundledDigits() throws IOException {
    SharedSpark.session();
    String yaml = config().replace("numTrees: [1, 5, 10, 20, 50, 100, 200]", "numTrees: [3]")
        .replace("maxDepth: [1, 5, 10, 20, 30]", "maxDepth: [4, 30]")
        .replace("validation: {folds: 5}", "validation: {folds: 2}");
    assertThat(yaml).isNotEqualTo(config());
    Path out = dir.resolve("out");

    Cli run = Cli.run(dir, yaml, "--output", out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Loading workload.data src/main/resources/datasets/"
        + "digits.csv.gz (csv) ...").contains("64 feature columns assembled into features")
        .contains("Study digits-mllib: maximize mllib (RandomForestClassifier, multiclass"
            + " accuracy, 2-fold CV, stratified) with the grid sampler, trials as Spark jobs");
    JsonNode s = Cli.summary(out);
    assertThat(s.get("nTrials").asInt()).isEqualTo(2);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(s.get("bestValue").asDouble()).isBetween(0.6, 1.0);
    assertThat(s.get("testScore").asDouble()).isBetween(0.6, 1.0);
    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    assertThat(((RandomForestClassificationModel) model.stages()[1]).getNumTrees()).isEqualTo(3);
  }

  /** MLlib's depth limit is the param's own validator now, not a silent cap. */
  @Test
  void run_depthBeyondMllibsLimit_exits2BeforeAnythingRuns() throws IOException {
    Cli run = Cli.run(dir, config().replace("maxDepth: [1, 5, 10, 20, 30]", "maxDepth: [40]")
        .replace("high: 30", "high: 40"), "--output", dir.resolve("out").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines().findFirst()).hasValue("error: space.maxDepth high 40 is"
        + " rejected by the param's validator (maxDepth: Maximum depth of the tree."
        + " (Nonnegative) E.g., depth 0 means 1 leaf node; depth 1 means 1 internal node + 2"
        + " leaf nodes. Must be in range [0, 30].)");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
