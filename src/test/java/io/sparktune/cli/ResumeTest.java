package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.IntDistribution;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.journal.LocalFileJournalBackend;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --storage}: a study kept in a journal is resumed, checked and recovered. */
@Tag("spark")
final class ResumeTest {
  @TempDir Path dir;

  @BeforeAll
  static void spark() {
    SharedSpark.session();
  }

  private Path config(String direction, int maxDepth) throws IOException {
    Path c = dir.resolve("c.yaml");
    Files.writeString(c, """
        study: {name: resumable, direction: %s, sampler: random, seed: 11, nTrials: 2}
        workload: {type: digits-forest, engine: local, folds: 2}
        space:
          n_estimators: {type: int, low: 2, high: 5}
          max_depth: {type: int, low: 2, high: %d}
        execution: {mode: threads, heartbeatSeconds: 1, staleAfterSeconds: 5}
        """.formatted(direction, maxDepth));
    return c;
  }

  private int run(Path cfg, String... extra) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("run", "--config",
        cfg.toString(), "--output", dir.resolve("out").toString(), "--storage",
        dir.resolve("study.jsonl").toString()), java.util.stream.Stream.of(extra))
        .toArray(String[]::new);
    int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    lastErr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  private String lastErr;

  private List<FrozenTrial> stored() {
    try (JournalStorage j = JournalStorage.open(dir.resolve("study.jsonl"))) {
      StudyInfo s = j.findStudy("resumable").orElseThrow();
      return j.trials(s.studyId(), EnumSet.allOf(TrialState.class));
    }
  }

  @Test
  void resume_nTrialsIsTheTotal_oldTrialsKept() throws IOException {
    Path cfg = config("maximize", 8);
    assertThat(run(cfg)).as(lastErr).isZero();
    List<FrozenTrial> first = stored();
    assertThat(first).hasSize(2);
    assertThat(run(cfg, "--n-trials", "5")).as(lastErr).isZero();
    List<FrozenTrial> all = stored();
    assertThat(all).hasSize(5).allMatch(t -> t.state() == TrialState.COMPLETE);
    assertThat(all.subList(0, 2)).extracting(FrozenTrial::params)
        .containsExactlyElementsOf(first.stream().map(FrozenTrial::params).toList());
    assertThat(run(cfg, "--n-trials", "5")).isZero();
    assertThat(stored()).hasSize(5);
    assertThat(Files.readAllLines(dir.resolve("out/trials.csv"))).hasSize(6);
  }

  @Test
  void resume_trialOfDeadDriver_failedAsDriverLostAndRetried() throws IOException {
    Path cfg = config("maximize", 8);
    assertThat(run(cfg)).isZero();
    // A driver that died long ago left trial 2 RUNNING: written with a clock an hour back.
    Instant past = Instant.now().minusSeconds(3600);
    try (JournalStorage j = new JournalStorage(new LocalFileJournalBackend(
        dir.resolve("study.jsonl")), InstantSource.fixed(past))) {
      StudyInfo s = j.findStudy("resumable").orElseThrow();
      FrozenTrial t = j.createTrial(s.studyId(), TrialState.RUNNING, java.util.Map.of());
      j.setTrialParam(t.trialId(), "n_estimators", IntDistribution.uniform(2, 5), 3L);
      j.setTrialParam(t.trialId(), "max_depth", IntDistribution.uniform(2, 8), 4L);
    }
    assertThat(run(cfg, "--n-trials", "3")).as(lastErr).isZero();
    List<FrozenTrial> all = stored();
    FrozenTrial lost = all.get(2);
    assertThat(lost.state()).isEqualTo(TrialState.FAIL);
    assertThat(lost.systemAttrs().get("fail_reason").toString()).startsWith("driver lost");
    assertThat(all).hasSize(4);
    assertThat(all.get(3).params()).isEqualTo(lost.params());
    assertThat(all.get(3).state()).isEqualTo(TrialState.COMPLETE);
  }

  @Test
  void resume_otherDirectionOrSpace_exits2AndKeepsJournal() throws IOException {
    assertThat(run(config("maximize", 8))).isZero();
    long size = Files.size(dir.resolve("study.jsonl"));
    assertThat(run(config("minimize", 8))).isEqualTo(2);
    assertThat(lastErr).startsWith("error: study.direction must match the stored study"
        + " 'resumable' (maximize), but got minimize");
    assertThat(run(config("maximize", 9))).isEqualTo(2);
    assertThat(lastErr).startsWith("error: space.max_depth must match the stored study"
        + " 'resumable' (IntDistribution[low=2, high=8, log=false, step=1]), but got"
        + " IntDistribution[low=2, high=9, log=false, step=1]");
    assertThat(Files.size(dir.resolve("study.jsonl"))).isEqualTo(size);
    assertThat(stored()).hasSize(2);
  }
}
