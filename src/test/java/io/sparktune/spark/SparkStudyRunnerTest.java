package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver loop on the shared local[2,2] session: real Spark jobs, real tasks. */
@Tag("spark")
// Trial timeouts and sync/async rounds on Spark are in DriverContract (SparkTasksDriverTest) and,
// exactly on virtual time, in FakeDriverTest; the sleep-based copies that stood here are gone.
final class SparkStudyRunnerTest {
  private static final SearchSpace SPACE = SearchSpace.builder()
      .add("x", FloatDistribution.uniform(0, 1))
      .add("n", IntDistribution.uniform(1, 4)).build();
  /** Static so that every task in this JVM (local mode) sees it. */
  static final AtomicBoolean CRASHED_ONCE = new AtomicBoolean();

  private static Study study() {
    return Study.builder().name("runner").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(5)).pruner(new NopPruner()).build();
  }

  private static SparkStudyRunner.Options options(SparkStudyRunner.Mode mode,
      SparkStudyRunner.Loop loop, int n, Duration trialTimeout) {
    return new SparkStudyRunner.Options(mode, loop, n, null, trialTimeout, 1, 0, 2,
        Duration.ofSeconds(5));
  }

  @Test
  void tasks_mixedOutcomes_everyTrialAccountedForAndStudyGoesOn() {
    SparkSession spark = SharedSpark.session();
    Study study = study();
    Objective objective = t -> {
      double x = t.suggestFloat("x", 0, 1);
      long n = t.suggestInt("n", 1, 4);
      t.report(x + 1, 0);
      t.report(x, 1);
      t.setUserAttr("where", "executor");
      Thread.sleep(5); // busy time is measured in milliseconds
      return switch (t.number()) {
        case 1 -> throw new IllegalStateException("boom on executor");
        case 2 -> Double.NaN;
        case 3 -> throw new TrialPrunedException("pruned by objective");
        default -> x * n;
      };
    };
    SparkStudyRunner.Report report = new SparkStudyRunner(study, spark,
        options(SparkStudyRunner.Mode.TASKS, SparkStudyRunner.Loop.ASYNC, 8, null))
        .run(objective, SPACE);
    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(8);
    assertThat(trials.get(1).state()).isEqualTo(TrialState.FAIL);
    assertThat(trials.get(1).systemAttrs()).containsEntry("fail_reason",
        "java.lang.IllegalStateException: boom on executor");
    assertThat(trials.get(2).state()).isEqualTo(TrialState.FAIL);
    assertThat(trials.get(3).state()).isEqualTo(TrialState.PRUNED);
    assertThat(trials.get(3).value()).isEqualTo(trials.get(3).intermediateValues().get(1));
    FrozenTrial ok = trials.get(0);
    assertThat(ok.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(ok.value()).isEqualTo((Double) ok.params().get("x") * (Long) ok.params().get("n"));
    assertThat(ok.intermediateValues()).containsOnlyKeys(0, 1);
    assertThat(ok.userAttrs()).containsEntry("where", "executor");
    assertThat(ok.systemAttrs()).containsKeys("executor", "host");
    assertThat(study.stateCounts().get(TrialState.RUNNING)).isZero();
    assertThat(report.busySlotSeconds()).isPositive();
  }

  @Test
  void tasks_undeclaredParameter_failsWithDeclaredNames() {
    Study study = study();
    new SparkStudyRunner(study, SharedSpark.session(),
        options(SparkStudyRunner.Mode.TASKS, SparkStudyRunner.Loop.ASYNC, 1, null))
        .run(t -> t.suggestFloat("x", 0, 1) + t.suggestFloat("y", 0, 1), SPACE);
    assertThat(study.trials().get(0).systemAttrs().get("fail_reason")).isEqualTo(
        "java.lang.IllegalArgumentException: parameter 'y' must be declared in the study's space"
            + " to run on an executor, but got an undeclared one; declared: [x, n]");
  }

  @Test
  void tasks_lostTaskAttempt_failsAndRetriesParamsAsNewTrial() {
    CRASHED_ONCE.set(false);
    Study study = study();
    new SparkStudyRunner(study, SharedSpark.session(),
        options(SparkStudyRunner.Mode.TASKS, SparkStudyRunner.Loop.ASYNC, 3, null))
        .run(t -> {
          double x = t.suggestFloat("x", 0, 1);
          if (t.number() == 0 && CRASHED_ONCE.compareAndSet(false, true)) {
            // The objective succeeds, but the task attempt itself fails afterwards, as when its
            // executor is lost: Spark re-runs the task (local[2,2] allows one retry).
            org.apache.spark.TaskContext.get().addTaskCompletionListener(
                (org.apache.spark.util.TaskCompletionListener) ctx -> {
                  throw new IllegalStateException("executor lost (simulated)");
                });
          }
          return x;
        }, SPACE);
    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(4);
    FrozenTrial lost = trials.get(0);
    assertThat(lost.state()).isEqualTo(TrialState.FAIL);
    assertThat(lost.systemAttrs().get("fail_reason").toString())
        .startsWith("task attempt 1: the previous attempt was lost");
    FrozenTrial retry = trials.stream().filter(t -> t.number() > 0
        && t.params().equals(lost.params())).findFirst().orElseThrow();
    assertThat(retry.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(study.stateCounts().get(TrialState.COMPLETE)).isEqualTo(3);
  }

  @Test
  void jobs_eachTrialRunsItsOwnSparkJobInItsOwnPool() {
    SparkSession spark = SharedSpark.session();
    Study study = study();
    SparkStudyRunner.Report report = new SparkStudyRunner(study, spark,
        options(SparkStudyRunner.Mode.JOBS, SparkStudyRunner.Loop.ASYNC, 4, null))
        .run(t -> {
          long n = t.suggestInt("n", 1, 4);
          String pool = spark.sparkContext().getLocalProperty("spark.scheduler.pool");
          t.setUserAttr("pool", pool);
          if (t.number() == 2) {
            throw new IllegalArgumentException("bad fit");
          }
          return spark.range(0, 1000 * n).count();
        }, SPACE);
    assertThat(study.trials()).hasSize(4);
    assertThat(study.stateCounts()).containsEntry(TrialState.COMPLETE, 3)
        .containsEntry(TrialState.FAIL, 1);
    assertThat(study.trials()).filteredOn(t -> t.state() == TrialState.COMPLETE)
        .allSatisfy(t -> {
          assertThat(t.value()).isEqualTo(1000.0 * (Long) t.params().get("n"));
          assertThat(t.userAttrs().get("pool")).isIn("sparktune-0", "sparktune-1"); // one per slot
        });
    assertThat(report.wallSeconds()).isPositive();
  }

  @Test
  void options_invalid_throwExactMessages() {
    assertThatThrownBy(() -> new SparkStudyRunner.Options(SparkStudyRunner.Mode.JOBS,
        SparkStudyRunner.Loop.SYNC, 1, null, null, 1, 0, 0, Duration.ofSeconds(1)))
        .hasMessage("loop must be async when mode is jobs, but got SYNC");
    assertThatThrownBy(() -> SparkStudyRunner.Options.tasks(0))
        .hasMessage("nTrials must be >= 1, but got 0");
  }

  @Test
  void slots_localTwoThreads_isTwo() {
    assertThat(new SparkStudyRunner(study(), SharedSpark.session(),
        SparkStudyRunner.Options.tasks(1)).slots()).isEqualTo(2);
  }
}
