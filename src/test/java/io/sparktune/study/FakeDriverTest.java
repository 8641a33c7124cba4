package io.sparktune.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The driver contract on virtual time ({@link FakeExecutor}, {@link VirtualTicker}): trials of
 * 100 virtual ms, hanging ones of an hour; plus what only a fake can stage (lost work, slots that
 * change, exact utilization).
 */
final class FakeDriverTest extends DriverContract {
  private final VirtualTicker ticker = new VirtualTicker();

  private static long duration(Work w) {
    return "hang".equals(w.params().get("kind")) ? 3_600_000L : 100L;
  }

  @Override
  protected TrialExecutor executor(int slots) {
    return new FakeExecutor(ticker, slots, FakeDriverTest::duration, w -> null);
  }

  @Override
  protected Ticker ticker() {
    return ticker;
  }

  private static Study study(String name) {
    return Study.builder().name(name).direction(Direction.MINIMIZE).sampler(new RandomSampler(1))
        .pruner(new NopPruner()).build();
  }

  private static final SearchSpace X =
      SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();

  @Test
  void run_lostWork_failsTheAttemptAndRetriesItsParametersAsANewTrial() {
    Study study = study("fake-lost");
    AtomicInteger lost = new AtomicInteger();
    FakeExecutor x = new FakeExecutor(ticker, 2, w -> 100L, w -> w.number() == 1
        && lost.getAndIncrement() == 0
        ? new Outcome.Lost("task attempt 1: the previous attempt was lost", Outcome.Info.none())
        : null);
    StudyDriver.Report r = StudyDriver.builder(study, x).scheduler(Scheduler.fifo(
        t -> t.suggestFloat("x", 0, 1), X)).nTrials(4).ticker(ticker).build().run();
    List<FrozenTrial> t = study.trials();
    assertThat(t).hasSize(5);
    assertThat(t.get(1).state()).isEqualTo(TrialState.FAIL);
    assertThat(t.get(1).systemAttrs().get("fail_reason"))
        .isEqualTo("task attempt 1: the previous attempt was lost");
    FrozenTrial retry = t.stream().filter(f -> f.number() > 1 && f.params().equals(
        t.get(1).params())).findFirst().orElseThrow();
    assertThat(retry.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(r.retried()).isEqualTo(1);
    assertThat(study.stateCounts().get(TrialState.COMPLETE)).isEqualTo(4);
  }

  @Test
  void run_executorStopped_endsAtOnceAndLeavesRunningTrialsRunning() {
    Study study = study("fake-stopped");
    FakeExecutor[] x = new FakeExecutor[1];
    x[0] = new FakeExecutor(ticker, 2, w -> w.number() == 0 ? 100L : 1_000L, w -> {
      if (w.number() == 0) {
        x[0].stopped = true; // the process goes down as trial 0 completes
      }
      return null;
    });
    StudyDriver driver = StudyDriver.builder(study, x[0]).scheduler(Scheduler.fifo(
        t -> t.suggestFloat("x", 0, 1), X)).nTrials(6).ticker(ticker).build();

    assertThatThrownBy(driver::run).isInstanceOf(IllegalStateException.class)
        .hasMessage("the study driver stopped because its trial executor shut down; the running"
            + " trials stay RUNNING for the next driver to retry");
    assertThat(study.trials()).extracting(FrozenTrial::state)
        .containsExactly(TrialState.COMPLETE, TrialState.RUNNING);
    assertThat(x[0].submitted).hasSize(2);
  }

  @Test
  void run_lostEveryTime_retriesAtMostMaxRetries() {
    Study study = study("fake-lost-always");
    FakeExecutor x = new FakeExecutor(ticker, 1, w -> 100L, w -> w.params().equals(
        study.trials().get(0).params()) ? new Outcome.Lost("lost", Outcome.Info.none()) : null);
    StudyDriver.builder(study, x).scheduler(Scheduler.fifo(t -> t.suggestFloat("x", 0, 1), X))
        .nTrials(2).maxRetries(2).ticker(ticker).build().run();
    Map<TrialState, Integer> c = study.stateCounts();
    assertThat(c.get(TrialState.FAIL)).isEqualTo(3); // the first attempt and 2 retries
    assertThat(c.get(TrialState.COMPLETE)).isEqualTo(1);
  }

  @Test
  void run_slotsGrow_driverFillsTheNewSlots() {
    Study study = study("fake-elastic");
    FakeExecutor x = new FakeExecutor(ticker, 1, w -> 100L, w -> null);
    long t0 = ticker.nanoTime();
    x.slots(() -> ticker.nanoTime() - t0 < 350_000_000L ? 1 : 4);
    StudyDriver.Report r = StudyDriver.builder(study, x)
        .scheduler(Scheduler.fifo(t -> t.suggestFloat("x", 0, 1), X)).nTrials(20)
        .ticker(ticker).build().run();
    assertThat(x.maxRunning).isEqualTo(4);
    // 4 trials one at a time (0.4 s), then 16 four at a time (0.4 s)
    assertThat(r.wallSeconds()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.busySlotSeconds()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void run_lookahead_keepsOneWorkQueuedBeyondTheSlots() {
    Study study = study("fake-lookahead");
    FakeExecutor x = new FakeExecutor(ticker, 2, w -> 100L, w -> null).lookahead(1);
    StudyDriver.builder(study, x).scheduler(Scheduler.fifo(t -> t.suggestFloat("x", 0, 1), X))
        .nTrials(6).ticker(ticker).build().run();
    assertThat(x.maxRunning).isEqualTo(3);
  }

  @Test
  void run_syncLoop_waitsForEachBatch() {
    Study study = study("fake-sync");
    FakeExecutor x = new FakeExecutor(ticker, 3,
        w -> w.number() % 3 == 0 ? 300L : 100L, w -> null);
    StudyDriver.Report r = StudyDriver.builder(study, x)
        .scheduler(Scheduler.fifo(t -> t.suggestFloat("x", 0, 1), X)).nTrials(6)
        .loop(StudyDriver.Loop.SYNC).ticker(ticker).build().run();
    assertThat(r.wallSeconds()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.utilization()).isEqualTo(1.0 / 1.8, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void run_ashaTrialTimeout_failsTheTrialAndTheRestGoesOn() {
    Study study = study("fake-asha-timeout");
    FakeExecutor x = new FakeExecutor(ticker, 2, w -> w.number() == 2 ? 3_600_000L : 100L,
        w -> null);
    AshaPolicy asha = Scheduler.asha(AshaScheduler.builder().maxResource(9), Curve::new, X,
        CheckpointStore.inMemory()).build();
    StudyDriver.builder(study, x).scheduler(asha).nTrials(9)
        .trialTimeout(Duration.ofSeconds(60)).ticker(ticker).build().run();
    FrozenTrial t2 = study.trial(2);
    assertThat(t2.state()).isEqualTo(TrialState.FAIL);
    assertThat(t2.systemAttrs().get("fail_reason")).isEqualTo("timed out after 60 s");
    assertThat(x.cancelled).containsExactly(2);
    assertThat(study.trials()).hasSize(9).allMatch(t -> t.state().isFinished());
  }

  @Test
  void run_ashaKeepPaused_leavesPausedTrialsRunningForALaterRun() {
    Study study = study("fake-asha-keep");
    FakeExecutor x = new FakeExecutor(ticker, 2, w -> 100L, w -> null);
    AshaPolicy asha = Scheduler.asha(AshaScheduler.builder().maxResource(9), Curve::new, X,
        CheckpointStore.inMemory()).keepPaused().build();
    StudyDriver.Report r = StudyDriver.builder(study, x).scheduler(asha).nTrials(6)
        .ticker(ticker).build().run();
    List<FrozenTrial> running = study.trials(java.util.EnumSet.of(TrialState.RUNNING));
    assertThat(r.paused()).isPositive().isEqualTo(running.size());
    assertThat(asha.pausedTrials()).containsExactlyElementsOf(
        running.stream().map(FrozenTrial::number).toList());
  }

  @Test
  void run_journal_heartbeatsRunningAndPausedTrials(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("journal.jsonl");
    try (io.sparktune.storage.journal.JournalStorage journal =
        io.sparktune.storage.journal.JournalStorage.open(file)) {
      Study study = Study.builder().name("fake-beats").direction(Direction.MINIMIZE)
          .sampler(new RandomSampler(1)).pruner(new NopPruner()).storage(journal).build();
      FakeExecutor x = new FakeExecutor(ticker, 1, w -> 25_000L, w -> null);
      AshaPolicy asha = Scheduler.asha(AshaScheduler.builder().maxResource(9)
          .promotionQuota(io.sparktune.pruner.asha.PromotionQuota.FLOOR), Curve::new, X,
          CheckpointStore.inMemory()).keepPaused().build(); // floor(2/3): no promotion
      StudyDriver.builder(study, x).scheduler(asha).nTrials(2).ticker(ticker)
          .heartbeatInterval(Duration.ofSeconds(10)).build().run();
      journal.flush();
      long beats0 = beats(file, 0);
      // trial 0 ran 0-25 s, then stayed paused while trial 1 ran 25-50 s: beats every 10 s
      assertThat(beats0).isEqualTo(5); // 10, 20 (running), 30, 40, 50 (paused)
      assertThat(beats(file, 1)).isEqualTo(3); // 30, 40 (running), 50 (paused at the end)
    }
  }

  private static long beats(java.nio.file.Path file, int trialId) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(file).stream()
        .filter(l -> l.contains("\"heartbeat\"") && l.contains("\"trial\":" + trialId + "}"))
        .count();
  }

  @Test
  void run_sameSeed_sameTrials() {
    List<Map<String, Object>> a = fifoParams(11);
    List<Map<String, Object>> b = fifoParams(11);
    assertThat(a).isEqualTo(b).hasSize(10);
    assertThat(fifoParams(12)).isNotEqualTo(a);
  }

  private List<Map<String, Object>> fifoParams(long seed) {
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(new RandomSampler(seed))
        .pruner(new NopPruner()).build();
    FakeExecutor x = new FakeExecutor(ticker, 3, w -> 50L + 10L * (w.number() % 4), w -> null);
    StudyDriver.builder(study, x).scheduler(Scheduler.fifo((Trial t) -> t.suggestFloat("x", 0, 1),
        X)).nTrials(10).ticker(ticker).build().run();
    return study.trials().stream().map(FrozenTrial::params).toList();
  }
}
