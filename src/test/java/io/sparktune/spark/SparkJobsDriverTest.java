package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.DriverContract;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.study.TrialExecutor;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver contract with trials on driver threads that start Spark jobs (local[2,2]). */
@Tag("spark")
final class SparkJobsDriverTest extends DriverContract {
  @Override
  protected TrialExecutor executor(int slots) {
    return SparkTrialExecutor.jobs(SharedSpark.session()).slots(slots).build();
  }

  @Override
  protected CheckpointStore store(Path dir) {
    return new HadoopCheckpointStore(dir.toUri().toString());
  }

  @Test
  void run_concurrentTrials_neverShareAFairPool() {
    SparkSession spark = SharedSpark.session();
    Study study = Study.builder().name("jobs-pools").direction(Direction.MAXIMIZE)
        .sampler(new RandomSampler(5)).pruner(new NopPruner()).build();
    SearchSpace space = SearchSpace.builder().add("n", IntDistribution.uniform(1, 4)).build();
    try (SparkTrialExecutor x = SparkTrialExecutor.jobs(spark).slots(2).build()) {
      StudyDriver.builder(study, x).scheduler(Scheduler.fifo(t -> {
        long n = t.suggestInt("n", 1, 4);
        t.setUserAttr("pool", spark.sparkContext().getLocalProperty("spark.scheduler.pool"));
        t.setUserAttr("start", System.nanoTime());
        long count = spark.range(0, 1000 * n).count();
        Thread.sleep(100); // keep the two slots overlapping
        t.setUserAttr("end", System.nanoTime());
        return count;
      }, space)).nTrials(8).build().run();
    }
    List<FrozenTrial> t = study.trials();
    assertThat(t).hasSize(8).allSatisfy(f -> assertThat(f.value())
        .isEqualTo(1000.0 * (Long) f.params().get("n")));
    assertThat(t).extracting(f -> f.userAttrs().get("pool"))
        .allMatch(p -> p.equals("sparktune-0") || p.equals("sparktune-1")); // one per slot
    int overlapping = 0;
    for (FrozenTrial a : t) {
      for (FrozenTrial b : t) {
        if (a.number() < b.number() && nanos(a, "start") < nanos(b, "end")
            && nanos(b, "start") < nanos(a, "end")) {
          overlapping++;
          assertThat(a.userAttrs().get("pool")).isNotEqualTo(b.userAttrs().get("pool"));
        }
      }
    }
    assertThat(overlapping).isPositive();
  }

  private static long nanos(FrozenTrial t, String key) {
    return ((Number) t.userAttrs().get(key)).longValue();
  }
}
