package io.sparktune.workload.mllib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Tuning your own Spark ML model": its YAML block is {@code
 * conf/breast-cancer.yaml}, and {@code submit/local.sh conf/breast-cancer.yaml} (run here
 * through {@code Main}, into a temporary output) does what the section says.
 */
@Tag("spark")
final class MllibReadmeTest {
  private static final String SECTION = "## Tuning your own Spark ML model";

  @TempDir Path dir;

  private static String section() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf(SECTION);
    assertThat(start).as("README section").isNotNegative();
    return readme.substring(start, readme.indexOf("\n## ", start + 1));
  }

  private static String block(String text, String fence) {
    int start = text.indexOf(fence + "\n") + fence.length() + 1;
    return text.substring(start, text.indexOf("```\n", start));
  }

  @Test
  void readmeSection_showsTheShippedConfigAndItsCommand() throws IOException {
    String section = section();

    assertThat(block(section, "```yaml")).isEqualTo(Files.readString(
        Path.of("conf/breast-cancer.yaml")));
    assertThat(block(section, "```sh")).isEqualTo("submit/local.sh conf/breast-cancer.yaml\n");
  }

  @Test
  void readmeConfig_runsAsShown_bestModelPredictsLabels() throws IOException {
    Path out = dir.resolve("out");
    Cli run = Cli.main("run", "--config", "conf/breast-cancer.yaml", "--output", out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    String section = section();
    for (String quoted : new String[] {"Indexing the string label diagnosis for the binary"
        + " evaluator (StringIndexer, most frequent first): benign -> 0, malignant -> 1",
        "Refitting GBTClassifier with the best parameters {"}) {
      assertThat(section.replace("\n", " ")).contains(quoted);
      assertThat(run.out()).contains(quoted);
    }
    JsonNode s = Cli.summary(out);
    assertThat(s.get("study").asText()).isEqualTo("breast-cancer");
    assertThat(s.get("direction").asText()).isEqualTo("maximize");
    assertThat(s.get("counts").get("COMPLETE").asInt() + s.get("counts").get("PRUNED").asInt())
        .isEqualTo(4);
    assertThat(s.get("metric").asText()).isEqualTo("areaUnderROC");
    assertThat(s.get("testScore").asDouble()).isBetween(0.9, 1.0);
    assertThat(s.get("testMetrics").get("areaUnderPR").asDouble()).isBetween(0.85, 1.0);

    PipelineModel model = PipelineModel.load(out.resolve("best-model").toString());
    Dataset<Row> rows = SharedSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv("src/test/resources/datasets/breast_cancer.csv");
    Dataset<Row> predicted = model.transform(rows.drop("diagnosis"))
        .select("prediction", "probability", "predictedLabel");
    assertThat(predicted.count()).isEqualTo(569);
    assertThat(model.transform(rows).where("predictedLabel = diagnosis").count())
        .isGreaterThan(520);
  }
}
