package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaDecision;
import io.sparktune.pruner.asha.AshaJob;
import io.sparktune.pruner.asha.AshaRunner;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.DriverContract;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ASHA driver loop on the shared local[2,2] session, with a synthetic resumable model. */
@Tag("spark")
final class AshaStudyRunnerTest {
  private static final SearchSpace SPACE =
      SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();
  /** Epochs trained by all runs; static so that tasks in this JVM (local mode) count here. */
  static final AtomicLong EPOCHS = new AtomicLong();

  /**
   * Loss {@code x + 1/r} after {@code r} epochs (so ranks by {@code x} at every rung); fails for
   * {@code x > 0.95}. Its checkpoint holds the epochs spent, and a restore is checked against it.
   */
  static final class Curve extends DriverContract.Curve {
    @Override
    public double train(int budget) {
      if (x > 0.95) {
        throw new IllegalStateException("diverged");
      }
      EPOCHS.addAndGet(budget - spent);
      return super.train(budget);
    }
  }

  private static final ResumableObjective CURVE = Curve::new;

  private static Study study(String name, long seed) {
    return Study.builder().name(name).direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(seed)).pruner(new NopPruner()).build();
  }

  /** Milestones [1, 3, 9], η = 3, the paper's quota {@code floor(n/η)}. */
  private static AshaScheduler scheduler(Study study) {
    return scheduler(study, PromotionQuota.FLOOR);
  }

  private static AshaScheduler scheduler(Study study, PromotionQuota quota) {
    return AshaScheduler.builder().minResource(1).maxResource(9).reductionFactor(3)
        .promotionQuota(quota).direction(Direction.MINIMIZE)
        .attrWriter(AshaAttrs.Writer.to(study)).build();
  }

  private static double x(FrozenTrial t) {
    return ((Number) t.params().get("x")).doubleValue();
  }

  @Test
  void run_tasksOnSpark_promotesAndAccountsForEveryTrial(@TempDir Path dir) {
    Study study = study("asha-tasks", 3);
    HadoopCheckpointStore store = new HadoopCheckpointStore(dir.toUri().toString());
    AshaStudyRunner runner = new AshaStudyRunner(study, SharedSpark.session(), scheduler(study),
        store, AshaStudyRunner.Options.of(SparkStudyRunner.Mode.TASKS, 30));
    long before = EPOCHS.get();

    AshaStudyRunner.Report report = runner.run(CURVE, SPACE);

    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(30);
    assertThat(report.newTrials()).isEqualTo(30);
    assertThat(report.promotions()).isGreaterThanOrEqualTo(10);
    assertThat(report.resourceSpent()).isEqualTo(EPOCHS.get() - before)
        .isLessThan(30L * 9 / 3);
    assertThat(trials).allMatch(t -> t.state().isFinished());
    for (FrozenTrial t : trials) {
      boolean diverges = x(t) > 0.95;
      assertThat(t.state() == TrialState.FAIL).as("trial %d", t.number()).isEqualTo(diverges);
      assertThat(t.state() == TrialState.COMPLETE)
          .isEqualTo(t.systemAttrs().containsKey(AshaAttrs.rungKey(2)));
    }
    FrozenTrial bestX = trials.stream().filter(t -> x(t) <= 0.95)
        .min(java.util.Comparator.comparingDouble(AshaStudyRunnerTest::x)).orElseThrow();
    assertThat(study.bestTrial().number()).isEqualTo(bestX.number());
    assertThat(study.bestValue()).isEqualTo(x(bestX) + 1.0 / 9);
    assertThat(trials.stream().filter(t -> t.state() == TrialState.PRUNED).count())
        .isGreaterThan(10);
  }

  @Test
  void run_noNewTrialsLeft_closesSchedulerSoSmallRungStillPromotesItsBest() {
    // Two trials, η = 3: rung 0 never reaches η members. The runner closes the scheduler once
    // its trial budget is spent, and CEIL_FROM_ETA then promotes ceil(2/3) = 1 trial per rung.
    Study study = study("asha-close", 6);
    AshaScheduler scheduler = scheduler(study, PromotionQuota.CEIL_FROM_ETA);
    AshaStudyRunner runner = new AshaStudyRunner(study, SharedSpark.session(), scheduler,
        CheckpointStore.inMemory(), new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, 2,
            1, null, false, Duration.ofSeconds(10), false));

    runner.run(CURVE, SPACE);

    assertThat(scheduler.isClosedToNewTrials()).isTrue();
    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(2).noneMatch(t -> t.state() == TrialState.FAIL);
    FrozenTrial best = trials.stream().min(java.util.Comparator.comparingDouble(
        (FrozenTrial t) -> ((Number) t.systemAttrs().get(AshaAttrs.rungKey(0))).doubleValue()))
        .orElseThrow();
    assertThat(trials).filteredOn(t -> t.state() == TrialState.COMPLETE)
        .extracting(FrozenTrial::number).containsExactly(best.number());
    assertThat(best.systemAttrs()).containsKey(AshaAttrs.rungKey(2));
  }

  @Test
  void run_jobsOnDriverThreads_rebuiltStateAgreesWithStudy() {
    Study study = study("asha-jobs", 8);
    AshaStudyRunner runner = new AshaStudyRunner(study, SharedSpark.session(), scheduler(study),
        CheckpointStore.inMemory(), new AshaStudyRunner.Options(SparkStudyRunner.Mode.JOBS, 12,
            2, null, false, Duration.ofSeconds(10), false));

    AshaStudyRunner.Report report = runner.run(CURVE, SPACE);

    assertThat(report.slots()).isEqualTo(2);
    assertThat(study.trials()).hasSize(12).allMatch(t -> t.state().isFinished());
    // Rebuilding from the stored attributes gives a scheduler that agrees with the study.
    AshaScheduler rebuilt = scheduler(study);
    rebuilt.rebuild(study.trials());
    assertThat(rebuilt.nextPromotion()).isEmpty();
    long complete = study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count();
    assertThat(rebuilt.state().rungs().get(2).members()).hasSize((int) complete);
  }

  @Test
  void run_afterDriverRestart_resumesPausedAndLostTrials(@TempDir Path dir) throws Exception {
    Study study = study("asha-restart", 5);
    CheckpointStore store = new HadoopCheckpointStore(dir.toUri().toString());
    AshaScheduler old = scheduler(study);
    // The old driver: four trials paused at rung 0, then the best one promoted and lost.
    for (int i = 0; i < 4; i++) {
      AshaJob job = new AshaJob.StartNew(1, 2);
      Trial t = study.ask(SPACE);
      old.onStarted(t.number());
      double v = AshaRunner.run(CURVE, job, new FixedTrial(t.params(), t.number()), store);
      assertThat(old.onResult(t.number(), 0, v)).isEqualTo(AshaDecision.PAUSE);
    }
    AshaJob.Promote promoted = old.nextPromotion().orElseThrow();
    Trial started = study.ask(SPACE); // started, died before rung 0: no checkpoint
    old.onStarted(started.number());

    AshaStudyRunner runner = new AshaStudyRunner(study, SharedSpark.session(), scheduler(study),
        store, AshaStudyRunner.Options.of(SparkStudyRunner.Mode.TASKS, 6));
    AshaStudyRunner.Report report = runner.run(CURVE, SPACE);

    assertThat(report.newTrials()).isEqualTo(6);
    assertThat(study.trials()).hasSize(11).allMatch(t -> t.state().isFinished());
    FrozenTrial lost = study.trial(promoted.trialNumber());
    assertThat(lost.systemAttrs()).containsKey(AshaAttrs.rungKey(1));
    assertThat(study.trial(started.number()).state()).isEqualTo(TrialState.FAIL);
  }

  @Test
  void run_keepPausedThenExtended_resumesPausedTrialsFromCheckpoints(@TempDir Path dir) {
    Path journal = dir.resolve("journal.jsonl");
    CheckpointStore store = new HadoopCheckpointStore(dir.resolve("ckpt").toUri().toString());
    AshaStudyRunner.Options options =
        AshaStudyRunner.Options.of(SparkStudyRunner.Mode.JOBS, 8).withKeepPaused(true);
    Map<Integer, Integer> pausedAt = new java.util.HashMap<>();
    try (JournalStorage storage = JournalStorage.open(journal)) {
      Study first = journaled(storage);
      AshaStudyRunner runner = new AshaStudyRunner(first, SharedSpark.session(),
          scheduler(first), store, options);

      AshaStudyRunner.Report report = runner.run(CURVE, SPACE);

      List<FrozenTrial> running = first.trials().stream()
          .filter(t -> t.state() == TrialState.RUNNING).toList();
      assertThat(report.paused()).isPositive().isEqualTo(running.size());
      assertThat(runner.heldTrialIds()).containsExactlyElementsOf(
          running.stream().map(FrozenTrial::trialId).toList());
      assertThat(first.trials()).noneMatch(t -> t.state() == TrialState.PRUNED);
      running.forEach(t -> pausedAt.put(t.number(), t.intermediateValues().lastKey()));
    }
    long before = EPOCHS.get();
    try (JournalStorage storage = JournalStorage.open(journal)) { // a new driver, same journal
      Study extended = journaled(storage);
      AshaStudyRunner runner = new AshaStudyRunner(extended, SharedSpark.session(),
          scheduler(extended), store, options.withKeepPaused(false));

      AshaStudyRunner.Report report = runner.run(CURVE, SPACE);

      assertThat(report.newTrials()).isEqualTo(8);
      assertThat(extended.trials()).hasSize(16).allMatch(t -> t.state().isFinished());
      // Only the increments were trained: resumed trials restored their checkpoints.
      assertThat(report.resourceSpent()).isEqualTo(EPOCHS.get() - before);
      List<Integer> resumed = pausedAt.entrySet().stream()
          .filter(e -> extended.trial(e.getKey()).intermediateValues().lastKey() > e.getValue())
          .map(Map.Entry::getKey).toList();
      assertThat(resumed).isNotEmpty();
      for (int n : resumed) {
        assertThat(extended.trial(n).systemAttrs())
            .containsKey(AshaAttrs.rungKey(rungOf(pausedAt.get(n)) + 1));
      }
    }
  }

  private static Study journaled(JournalStorage storage) {
    return Study.builder().name("asha-extend").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(11)).pruner(new NopPruner()).storage(storage)
        .loadIfExists(true).build();
  }

  private static int rungOf(int epochs) {
    return epochs == 1 ? 0 : epochs == 3 ? 1 : 2;
  }

  @Test
  void stoppingVariant_successiveHalvingPruner_prunesThroughReports() {
    Study study = Study.builder().name("sha-stopping").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(4)).pruner(new SuccessiveHalvingPruner(1, 3, 0, 0)).build();
    List<Integer> epochs = IntStream.rangeClosed(1, 9).boxed().toList();
    SparkStudyRunner runner = new SparkStudyRunner(study, SharedSpark.session(),
        new SparkStudyRunner.Options(SparkStudyRunner.Mode.JOBS, SparkStudyRunner.Loop.ASYNC,
            20, null, null, 1, 2, 0, Duration.ofSeconds(10)));
    long before = EPOCHS.get();

    runner.run(t -> CURVE.evaluateStopping(t, epochs), SPACE);

    Map<TrialState, Integer> counts = study.stateCounts();
    assertThat(counts.get(TrialState.PRUNED)).isGreaterThan(0);
    assertThat(counts.get(TrialState.COMPLETE) + counts.get(TrialState.PRUNED)
        + counts.get(TrialState.FAIL)).isEqualTo(20);
    assertThat(EPOCHS.get() - before).isLessThan(20L * 9);
  }

  @Test
  void constructor_directionMismatch_rejected() {
    Study study = study("asha-direction", 1);
    AshaScheduler maximize = AshaScheduler.builder().maxResource(9)
        .direction(Direction.MAXIMIZE).build();

    assertThatThrownBy(() -> new AshaStudyRunner(study, SharedSpark.session(), maximize,
        CheckpointStore.inMemory(), AshaStudyRunner.Options.of(SparkStudyRunner.Mode.JOBS, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scheduler direction must be the study's minimize, but got maximize");
  }
}
