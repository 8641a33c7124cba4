package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.study.DriverContract;
import io.sparktune.study.TrialExecutor;
import java.nio.file.Path;
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
