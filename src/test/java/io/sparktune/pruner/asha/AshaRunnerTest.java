package io.sparktune.pruner.asha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AshaRunnerTest {

  /** A model whose accuracy after {@code b} units is {@code q·(1 − e^{−b/5})}; logs its calls. */
  static final class CurveRun implements Resumable {
    final List<String> log;
    double quality;
    int spent;

    CurveRun(List<String> log) {
      this.log = log;
    }

    @Override
    public void init(Trial trial) {
      quality = trial.suggestFloat("q", 0, 1);
      log.add("init");
    }

    @Override
    public double train(int budget) {
      if (budget <= spent) {
        throw new IllegalStateException("budget " + budget + " <= spent " + spent);
      }
      log.add("train " + spent + "->" + budget);
      spent = budget;
      return quality * (1 - Math.exp(-budget / 5.0));
    }

    @Override
    public void save(OutputStream out) throws IOException {
      new DataOutputStream(out).writeInt(spent);
      log.add("save " + spent);
    }

    @Override
    public void restore(InputStream in) throws IOException {
      spent = new DataInputStream(in).readInt();
      log.add("restore " + spent);
    }
  }

  static double curve(double q, int b) {
    return q * (1 - Math.exp(-b / 5.0));
  }

  @Test
  void run_startThenPromote_resumesFromCheckpointAndMatchesStraightTraining() throws Exception {
    List<String> log = new ArrayList<>();
    ResumableObjective objective = () -> new CurveRun(log);
    CheckpointStore store = CheckpointStore.inMemory();
    FixedTrial trial = new FixedTrial(Map.of("q", 0.8), 4);
    double v0 = AshaRunner.run(objective, new AshaJob.StartNew(1, 2), trial, store);
    double v1 = AshaRunner.run(objective, new AshaJob.Promote(4, 0, 1, 1, 3, 2), trial, store);
    double v2 = AshaRunner.run(objective, new AshaJob.Promote(4, 1, 2, 3, 9, 2), trial, store);
    assertThat(v0).isEqualTo(curve(0.8, 1));
    assertThat(v1).isEqualTo(curve(0.8, 3));
    assertThat(v2).isEqualTo(curve(0.8, 9));
    assertThat(log).containsExactly("init", "train 0->1", "save 1", "init", "restore 1",
        "train 1->3", "save 3", "init", "restore 3", "train 3->9");
    assertThat(trial.intermediateValues()).containsOnlyKeys(1, 3, 9);
    assertThatThrownBy(() -> store.open(4, 2)).isInstanceOf(FileNotFoundException.class)
        .hasMessage("checkpoint of trial 4 at rung 2 does not exist"); // complete: none saved
  }

  @Test
  void run_promoteOfOtherTrial_throws() {
    ResumableObjective objective = () -> new CurveRun(new ArrayList<>());
    assertThatThrownBy(() -> AshaRunner.run(objective, new AshaJob.Promote(2, 0, 1, 1, 3, 2),
        new FixedTrial(Map.of("q", 0.5), 1), CheckpointStore.inMemory()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trial must be the promoted trial 2, but got trial 1");
  }

  @Test
  void directoryStore_roundTrip_writesAtomicallyUnderTrialFolders(@TempDir Path dir)
      throws IOException {
    CheckpointStore store = CheckpointStore.directory(dir);
    try (OutputStream out = store.create(7, 1)) {
      out.write(new byte[] {1, 2, 3});
      assertThat(Files.exists(dir.resolve("trial-7/rung-1.ckpt"))).isFalse();
    }
    assertThat(Files.readAllBytes(dir.resolve("trial-7/rung-1.ckpt")))
        .containsExactly(1, 2, 3);
    try (InputStream in = store.open(7, 1)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    store.delete(7, 1);
    assertThatThrownBy(() -> store.open(7, 1)).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void evaluateStopping_withSuccessiveHalvingPruner_prunesWorseTrial() {
    Study study = Study.builder().name("asha-stopping").direction(Direction.MAXIMIZE)
        .pruner(new SuccessiveHalvingPruner(1, 3, 0, 0)).build();
    ResumableObjective objective = () -> new CurveRun(new ArrayList<>());
    List<Integer> budgets = List.of(1, 3, 9);
    study.enqueueTrial(Map.of("q", 0.9));
    study.enqueueTrial(Map.of("q", 0.2));
    study.optimize(t -> objective.evaluateStopping(t, budgets), 2);
    assertThat(study.trials()).extracting(t -> t.state())
        .containsExactly(TrialState.COMPLETE, TrialState.PRUNED);
    assertThat(study.bestValue()).isEqualTo(curve(0.9, 9));
  }

  @Test
  void evaluateStopping_badBudgets_throw() {
    ResumableObjective objective = () -> new CurveRun(new ArrayList<>());
    FixedTrial trial = new FixedTrial(Map.of("q", 0.5));
    assertThatThrownBy(() -> objective.evaluateStopping(trial, List.of()))
        .hasMessage("budgets must not be empty, but got []");
    assertThatThrownBy(() -> objective.evaluateStopping(trial, List.of(3, 3)))
        .hasMessage("budgets must be increasing and positive, but got [3, 3]");
  }
}
