package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.ChurnWorkload;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.spark.SharedSpark;
import io.sparktune.study.Objective;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third way to tune your own code: the library from the user's own {@code main}, with the run
 * pipeline reused through {@link StudyJob#run} (storage, resume, heartbeats, test score,
 * summary.json, report.html), an objective or a workload made in code.
 */
@Tag("spark")
final class StudyJobTest {
  @TempDir Path dir;

  /** What a user's main would pass: a serializable objective, here a shifted quadratic. */
  public static final class Quadratic implements Objective {
    private static final long serialVersionUID = 1L;

    @Override
    public double evaluate(Trial trial) {
      double x = trial.suggestFloat("x", -5, 5);
      int n = trial.suggestInt("n", 1, 4);
      return (x - 1.5) * (x - 1.5) + n;
    }
  }

  private String config(String storage) {
    return """
        study: {name: quad, direction: minimize, sampler: tpe, seed: 3, nTrials: 8}
        space:
          x: {type: float, low: -5, high: 5}
          n: {type: int, low: 1, high: 4}
        output: %s
        storage: %s
        """.formatted(dir.resolve("out"), storage);
  }

  /** The user's main, as the README shows it. */
  private static StudyJob.Result main(SparkSession spark, String yaml, Objective objective) {
    JobConfig config = ConfigLoader.parse(yaml, "tune.yaml", Workloads.of(objective));
    return StudyJob.run(spark, config, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
  }

  @Test
  void run_objectiveFromMain_tasksThenResumedToTheTotal() throws Exception {
    SparkSession spark = SharedSpark.session();
    String journal = dir.resolve("quad.jsonl").toString();

    StudyJob.Result r = main(spark, config(journal), new Quadratic());

    assertThat(r.trials()).hasSize(8).allMatch(t -> t.state() == TrialState.COMPLETE);
    assertThat(r.bestTrial().value()).isLessThan(4.0);
    assertThat(r.testScore()).isNaN(); // a plain objective has no test data
    assertThat(r.summary().get("workload")).isEqualTo(Quadratic.class.getName());
    assertThat(((Map<?, ?>) r.summary().get("execution")).get("mode")).isEqualTo("tasks");
    Path out = dir.resolve("out");
    assertThat(new ObjectMapper().readTree(out.resolve("summary.json").toFile())
        .get("bestValue").asDouble()).isEqualTo(r.bestTrial().value());
    assertThat(out.resolve("report.html")).isRegularFile();

    StudyJob.Result resumed = main(spark, config(journal).replace("nTrials: 8", "nTrials: 12"),
        new Quadratic());
    assertThat(resumed.trials()).hasSize(12);
    assertThat(resumed.trials().subList(0, 8)).extracting(FrozenTrial::params)
        .containsExactlyElementsOf(r.trials().stream().map(FrozenTrial::params).toList());
  }

  /** Random search: per-trial draws come from (seed, trial number), whatever finishes first. */
  @Test
  void run_sameSeedTwice_sameTrials() {
    SparkSession spark = SharedSpark.session();
    String random = config("null").replace("sampler: tpe", "sampler: random");
    List<Map<String, Object>> a = main(spark, random, new Quadratic()).trials().stream()
        .map(FrozenTrial::params).toList();
    List<Map<String, Object>> b = main(spark, random, new Quadratic()).trials().stream()
        .map(FrozenTrial::params).toList();
    assertThat(a).hasSize(8).isEqualTo(b);
  }

  @Test
  void run_workloadFromMain_sectionOptionalAndTestScored() throws Exception {
    String yaml = """
        study: {name: churn-main, direction: maximize, sampler: random, seed: 4, nTrials: 3}
        space:
          regParam: {type: float, low: 1.0e-4, high: 1.0, log: true}
          maxIter: {type: int, low: 2, high: 10}
        output: %s
        """.formatted(dir.resolve("churn"));
    JobConfig config = ConfigLoader.parse(yaml, "churn.yaml", new ChurnWorkload());
    StudyJob.Result r = StudyJob.run(SharedSpark.session(), config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(r.bestTrial()).isNotNull();
    assertThat(r.testScore()).isBetween(0.6, 1.0);
    assertThat(r.summary()).containsEntry("rows", 600).containsEntry("workload", "churn");
    assertThat(Files.isRegularFile(dir.resolve("churn/report.html"))).isTrue();
  }
}
