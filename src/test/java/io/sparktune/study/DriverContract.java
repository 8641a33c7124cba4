package io.sparktune.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.pruner.asha.Resumable;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@link StudyDriver} promises, the same over every {@link TrialExecutor}: a failure or
 * NaN fails only its trial, a trial timeout fails the trial at once, the study timeout cancels
 * what runs and starts nothing more, {@link Study#stop} lets running trials finish, and ASHA
 * accounts for every trial. Subclasses give the executor (and its time).
 *
 * <p>Trials are steered through an enqueued categorical {@code kind}: {@code ok} returns {@code
 * 1 + number}, {@code throw} throws, {@code nan} returns NaN, {@code hang} blocks (interruptibly)
 * for ten minutes. Bodies are static, so they serialize into Spark tasks.
 */
public abstract class DriverContract {
  protected static final CategoricalDistribution KINDS =
      new CategoricalDistribution(List.of("ok", "throw", "nan", "hang"));
  protected static final SearchSpace SPACE = SearchSpace.builder().add("kind", KINDS).build();

  /** An executor of {@code slots} slots. */
  protected abstract TrialExecutor executor(int slots);

  /** The driver's time. */
  protected Ticker ticker() {
    return Ticker.system();
  }

  /** A checkpoint store the executor's workers can reach. */
  protected CheckpointStore store(Path dir) {
    return CheckpointStore.inMemory();
  }

  protected static double kinds(Trial t) throws Exception {
    String kind = (String) t.suggestCategorical("kind", KINDS);
    switch (kind) {
      case "throw" -> throw new IllegalStateException("boom");
      case "nan" -> {
        return Double.NaN;
      }
      case "hang" -> {
        Thread.sleep(600_000);
        return 0;
      }
      default -> {
        return 1 + t.number();
      }
    }
  }

  private static Study study(String name, String... kinds) {
    Study s = Study.builder().name(name).direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(7)).pruner(new NopPruner()).build();
    for (String k : kinds) {
      s.enqueueTrial(Map.of("kind", k));
    }
    return s;
  }

  private StudyDriver.Builder driver(Study study, TrialExecutor x) {
    return StudyDriver.builder(study, x).scheduler(Scheduler.fifo(DriverContract::kinds, SPACE))
        .ticker(ticker()).statusInterval(Duration.ofSeconds(1));
  }

  private static String reason(FrozenTrial t) {
    return (String) t.systemAttrs().get("fail_reason");
  }

  @Test
  void run_failureAndNan_failOnlyTheirTrials() {
    Study study = study("contract-fail", "ok", "throw", "nan", "ok");
    try (TrialExecutor x = executor(2)) {
      StudyDriver.Report r = driver(study, x).nTrials(4).build().run();
      assertThat(r.newTrials()).isEqualTo(4);
    }
    List<FrozenTrial> t = study.trials();
    assertThat(t).extracting(FrozenTrial::state).containsExactly(TrialState.COMPLETE,
        TrialState.FAIL, TrialState.FAIL, TrialState.COMPLETE);
    assertThat(reason(t.get(1))).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(reason(t.get(2))).isEqualTo("The value NaN is not acceptable.");
    assertThat(t.get(0).value()).isEqualTo(1.0);
    assertThat(t.get(3).value()).isEqualTo(4.0);
  }

  @Test
  void run_trialTimeout_failsTheHangingTrialOnly() {
    Study study = study("contract-trial-timeout", "hang", "ok", "ok");
    try (TrialExecutor x = executor(2)) {
      driver(study, x).nTrials(3).trialTimeout(Duration.ofSeconds(2)).build().run();
    }
    List<FrozenTrial> t = study.trials();
    assertThat(t).extracting(FrozenTrial::state).containsExactly(TrialState.FAIL,
        TrialState.COMPLETE, TrialState.COMPLETE);
    assertThat(reason(t.get(0))).isEqualTo("timed out after 2 s");
  }

  @Test
  void run_studyTimeout_cancelsRunningTrialsAndStartsNoMore() {
    Study study = study("contract-timeout", "hang", "hang", "hang", "hang", "ok");
    int inFlight;
    try (TrialExecutor x = executor(2)) {
      inFlight = x.slots() + x.lookahead();
      driver(study, x).nTrials(5).timeout(Duration.ofMillis(500)).build().run();
    }
    List<FrozenTrial> t = study.trials(java.util.EnumSet.complementOf(
        java.util.EnumSet.of(TrialState.WAITING)));
    assertThat(t).hasSize(inFlight).allSatisfy(f -> {
      assertThat(f.state()).isEqualTo(TrialState.FAIL);
      assertThat(reason(f)).isEqualTo("cancelled: the study's timeout passed");
    });
  }

  @Test
  void run_stop_letsRunningTrialsFinishAndStartsNoMore() {
    Study study = study("contract-stop");
    for (int i = 0; i < 12; i++) {
      study.enqueueTrial(Map.of("kind", "ok"));
    }
    try (TrialExecutor x = executor(2)) {
      driver(study, x).nTrials(12).callback((s, t) -> s.stop()).build().run();
    }
    List<FrozenTrial> ran = study.trials(java.util.EnumSet.complementOf(
        java.util.EnumSet.of(TrialState.WAITING)));
    assertThat(ran).isNotEmpty().allMatch(f -> f.state() == TrialState.COMPLETE);
    assertThat(ran.size()).isLessThan(12);
  }

  /** Loss {@code x + 1/r} after {@code r} epochs; its checkpoint holds the epochs spent. */
  public static class Curve implements Resumable {
    protected double x;
    protected int spent;

    @Override
    public void init(Trial trial) {
      x = trial.suggestFloat("x", FloatDistribution.uniform(0, 1));
    }

    @Override
    public double train(int budget) {
      spent = budget;
      return x + 1.0 / budget;
    }

    @Override
    public void save(OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeDouble(x);
      d.writeInt(spent);
      d.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      if (d.readDouble() != x) {
        throw new IOException("checkpoint of another trial");
      }
      spent = d.readInt();
    }
  }

  @Test
  void run_asha_pausesPromotesAndFinishesEveryTrial(@TempDir Path dir) {
    Study study = Study.builder().name("contract-asha").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(3)).pruner(new NopPruner()).build();
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();
    ResumableObjective curve = Curve::new;
    AshaPolicy asha = Scheduler.asha(AshaScheduler.builder().minResource(1).maxResource(9)
        .reductionFactor(3).promotionQuota(PromotionQuota.FLOOR), curve, space, store(dir))
        .build();
    StudyDriver.Report r;
    try (TrialExecutor x = executor(2)) {
      r = StudyDriver.builder(study, x).scheduler(asha).nTrials(18).ticker(ticker())
          .statusInterval(Duration.ofSeconds(1)).build().run();
    }
    assertThat(r.newTrials()).isEqualTo(18);
    assertThat(r.promotions()).isPositive();
    assertThat(study.trials()).hasSize(18).allMatch(t -> t.state().isFinished());
    List<FrozenTrial> complete = study.trials(java.util.EnumSet.of(TrialState.COMPLETE));
    assertThat(complete).isNotEmpty().allSatisfy(t -> {
      assertThat(t.intermediateValues()).containsKeys(1, 3, 9);
      assertThat(t.systemAttrs()).containsKey(AshaAttrs.rungKey(2));
    });
    long rungValues = study.trials().stream().mapToLong(t -> t.intermediateValues().size())
        .sum();
    assertThat(rungValues).isEqualTo(18 + r.promotions()); // one value per job, none twice
    long epochs = study.trials().stream().mapToLong(t -> t.intermediateValues().lastKey()).sum();
    assertThat(asha.resourceSpent()).isEqualTo(epochs); // resumed, never retrained
  }
}
