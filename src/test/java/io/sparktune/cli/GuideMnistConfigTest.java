package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's study configs (conf/guide/05-10) stay valid, and the full-size MNIST config of
 * section 09 runs on an IDX directory: the bundled files copied under MNIST's own names.
 */
final class GuideMnistConfigTest {
  @TempDir Path dir;

  private static final List<String> CONFIGS = List.of("05-network", "06-pruning-tradeoff",
      "09-mnist", "10-regression");

  @Test
  void parse_guideConfigs_valid() throws IOException {
    for (String name : CONFIGS) {
      Path p = Path.of("conf/guide", name + ".yaml");
      JobConfig c = ConfigLoader.parse(Files.readString(p), p.toString());
      assertThat(c.study().nTrials()).as(name).isGreaterThanOrEqualTo(12);
      assertThat(c.output()).as(name).startsWith("target/guide/");
    }
  }

  @Test
  void parse_fullMnistConfigWithoutTheFiles_exits2NamingTheDirectory() {
    Run o = Run.main("run", "--config", "conf/guide/09-mnist-full.yaml", "--output",
        dir.resolve("out").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst()).hasValue("error: workload.data must be 'bundled' or"
        + " a directory holding train-images-idx3-ubyte(.gz), but got 'data/mnist'");
  }

  @Tag("spark")
  @Test
  void run_fullMnistConfigOnAnIdxDirectory_tunesAndScores() throws IOException {
    SharedSpark.session();
    Path idx = dir.resolve("mnist");
    Files.createDirectories(idx);
    for (String[] f : new String[][] {{"train", "train"}, {"test", "t10k"}}) {
      for (String[] kind : new String[][] {{"images", "3"}, {"labels", "1"}}) {
        String from = "/datasets/mnist10k-" + f[0] + "-" + kind[0] + "-idx" + kind[1]
            + "-ubyte.gz";
        try (InputStream in = getClass().getResourceAsStream(from)) {
          Files.copy(in, idx.resolve(f[1] + "-" + kind[0] + "-idx" + kind[1] + "-ubyte.gz"));
        }
      }
    }
    String yaml = Files.readString(Path.of("conf/guide/09-mnist-full.yaml"))
        .replace("data: data/mnist", "data: '" + idx + "'")
        .replace("maxTrain: 0", "maxTrain: 200")
        .replace("nTrials: 12", "nTrials: 2")
        .replace("itersPerEpoch: 3", "itersPerEpoch: 1")
        .replace("epochs: 9", "epochs: 3");
    assertThat(yaml).contains(idx.toString()).contains("maxTrain: 200").contains("epochs: 3");
    Path cfg = dir.resolve("full.yaml");
    Files.writeString(cfg, yaml);
    Path out = dir.resolve("out");
    Run o = Run.main("run", "--config", cfg.toString(), "--output", out.toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("Loading the MNIST images (" + idx)
        .contains("Test accuracy of the best parameters");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("testScore").asDouble()).isBetween(0.1, 1.0); // ten classes: > chance
    assertThat(s.get("defaultTestScore").asDouble()).isBetween(0.1, 1.0);
    assertThat(Stream.of("report.html", "trials.csv").map(out::resolve)).allMatch(Files::exists);
  }
}
