package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.study.DriverContract;
import io.sparktune.study.TrialExecutor;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver contract with trials as one-task Spark jobs on the shared local[2,2] session. */
@Tag("spark")
final class SparkTasksDriverTest extends DriverContract {
  @Override
  protected TrialExecutor executor(int slots) {
    return SparkTrialExecutor.tasks(SharedSpark.session()).slots(slots).build();
  }

  @Override
  protected CheckpointStore store(Path dir) {
    return new HadoopCheckpointStore(dir.toUri().toString()); // reachable from executors
  }

  /** The README's driver snippet ("The library"), as written there. */
  @Test
  void readme_driverSnippet_runsAsShown() {
    SparkSession spark = SharedSpark.session();
    Study study = Study.builder().name("readme-driver").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(3)).build();
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-3, 3)).build();
    Objective objective = t -> Math.pow(t.suggestFloat("x", -3, 3) - 1, 2);
    try (SparkTrialExecutor executor = SparkTrialExecutor.tasks(spark).cpusPerTrial(1).build()) {
      StudyDriver.Report report = StudyDriver.builder(study, executor)
          .scheduler(Scheduler.fifo(objective, space))   // space: every parameter the objective suggests
          .nTrials(40).timeout(Duration.ofHours(1)).trialTimeout(Duration.ofMinutes(5))
          .heartbeatInterval(Duration.ofSeconds(10))     // with a journal: a restarted driver knows
          .build().run();
      assertThat(report.newTrials()).isEqualTo(40);
    }
    assertThat(study.stateCounts().get(TrialState.COMPLETE)).isEqualTo(40);
    assertThat(study.bestValue()).isLessThan(0.1);
  }

  @Test
  void slots_cpusPerTrial_dividesTheCores() {
    try (SparkTrialExecutor x = SparkTrialExecutor.tasks(SharedSpark.session()).build()) {
      assertThat(x.slots()).isEqualTo(2);
      assertThat(x.lookahead()).isEqualTo(1);
    }
    try (SparkTrialExecutor x = SparkTrialExecutor.tasks(SharedSpark.session()).cpusPerTrial(2)
        .build()) {
      assertThat(x.slots()).isEqualTo(1);
    }
  }
}
