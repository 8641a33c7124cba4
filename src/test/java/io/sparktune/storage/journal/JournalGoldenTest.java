package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.storage.StorageException;
import io.sparktune.storage.StudyInfo;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Format compatibility: the golden v1 journals in {@code src/test/resources/journal/v1} (made by
 * {@link GoldenJournals}) replay to the same state forever.
 */
final class JournalGoldenTest {
  private static final EnumSet<TrialState> ALL = EnumSet.allOf(TrialState.class);

  @TempDir Path dir;

  /** A copy of the golden file, so tests that append never touch the resource. */
  private Path golden(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (InputStream in = JournalGoldenTest.class.getResourceAsStream("/journal/v1/" + name)) {
      assertThat(in).as("resource journal/v1/%s", name).isNotNull();
      Files.copy(in, copy);
    }
    return copy;
  }

  @Test
  void studyJsonl_replays_everyOperation() throws IOException {
    try (JournalStorage s = JournalStorage.open(golden("study.jsonl"))) {
      assertThat(s.studies()).containsExactly(new StudyInfo(0, "golden", Direction.MAXIMIZE),
          new StudyInfo(1, "other", Direction.MINIMIZE));
      List<FrozenTrial> trials = s.trials(0, ALL);
      assertThat(trials).extracting(FrozenTrial::state).containsExactly(TrialState.COMPLETE,
          TrialState.PRUNED, TrialState.FAIL, TrialState.RUNNING);

      FrozenTrial t0 = trials.get(0);
      assertThat(t0.value()).isEqualTo(0.93);
      assertThat(t0.params()).containsExactly(Map.entry("lr", 0.01), Map.entry("depth", 6L),
          new java.util.AbstractMap.SimpleEntry<>("impurity", null));
      assertThat(t0.distributions()).containsExactly(
          Map.entry("lr", FloatDistribution.logUniform(1e-4, 1)),
          Map.entry("depth", IntDistribution.stepped(2, 12, 2)),
          Map.entry("impurity",
              new CategoricalDistribution(Arrays.asList("gini", "entropy", true, null, 2.5))));
      assertThat(t0.intermediateValues()).containsOnlyKeys(1, 2, 3);
      assertThat(t0.intermediateValues().get(1)).isEqualTo(0.5);
      assertThat(t0.intermediateValues().get(2)).isNaN();
      assertThat(t0.intermediateValues().get(3)).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(t0.userAttrs()).containsExactly(Map.entry("note", "first"),
          Map.entry("cv", Map.of("folds", List.of(0.91, 0.93), "ok", true)));
      assertThat(t0.systemAttrs()).containsExactly(Map.entry("completed_rung_0", 0.5),
          Map.entry("checkpoint", "ckpt/trial-0/step-3"));
      assertThat(t0.datetimeStart()).isEqualTo(GoldenJournals.T0);
      assertThat(t0.datetimeComplete()).isEqualTo(GoldenJournals.T0.plusSeconds(3));

      assertThat(trials.get(1).value()).isEqualTo(0.2);
      FrozenTrial t2 = trials.get(2);
      assertThat(t2.systemAttrs()).containsExactly(
          Map.entry("fixed_params", Map.of("lr", 0.001, "depth", 4)),
          Map.entry("fail_reason",
              "driver lost: heartbeat stale, last sign of life 120.0 s ago, grace period 60.0 s"));
      assertThat(t2.datetimeStart()).isEqualTo(GoldenJournals.T0.plusSeconds(5));
      assertThat(t2.params()).containsExactly(Map.entry("lr", 0.001));
      assertThat(s.lastHeartbeat(trials.get(3).trialId()))
          .contains(GoldenJournals.T0.plusSeconds(125));

      FrozenTrial other = s.trials(1, ALL).get(0);
      assertThat(other.trialId()).isEqualTo(4);
      assertThat(other.state()).isEqualTo(TrialState.FAIL);
      assertThat(other.systemAttrs())
          .containsEntry("fail_reason", "java.lang.IllegalStateException: boom");
      assertThat(s.linesRead()).isEqualTo(28);
    }
  }

  @Test
  void racesJsonl_lostEntries_areNoOps() throws IOException {
    try (JournalStorage s = JournalStorage.open(golden("races.jsonl"))) {
      assertThat(s.studies()).hasSize(1);
      List<FrozenTrial> trials = s.trials(0, ALL);
      assertThat(trials).hasSize(3);
      FrozenTrial t0 = trials.get(0);
      assertThat(t0.state()).isEqualTo(TrialState.FAIL);
      assertThat(t0.value()).isNull();
      assertThat(t0.params()).isEmpty();
      assertThat(t0.intermediateValues()).isEmpty();
      assertThat(s.lastHeartbeat(t0.trialId())).contains(t0.datetimeStart());
      assertThat(trials.get(1).state()).isEqualTo(TrialState.COMPLETE);
      assertThat(trials.get(1).value()).isEqualTo(2.5);
      assertThat(trials.get(2).state()).as("claimed once, by golden-a")
          .isEqualTo(TrialState.RUNNING);
      assertThat(trials.get(2).datetimeStart()).isEqualTo(GoldenJournals.T0.plusSeconds(2));
    }
  }

  @Test
  void tornTailJsonl_lastLineIgnored_thenTruncatedByAppend() throws IOException {
    Path file = golden("torn-tail.jsonl");
    try (JournalStorage s = JournalStorage.open(file)) {
      assertThat(s.linesRead()).isEqualTo(6);
      assertThat(s.trial(0).params()).containsOnlyKeys("lr", "depth", "impurity");
      assertThat(s.trial(0).intermediateValues()).isEmpty();
      s.reportIntermediate(0, 7, 1.0);
    }
    try (JournalStorage s = JournalStorage.open(file)) {
      assertThat(s.linesRead()).isEqualTo(7);
      assertThat(s.trial(0).intermediateValues()).containsExactly(Map.entry(7, 1.0));
    }
  }

  @Test
  void tornMarkerJsonl_fragmentSkipped_restReplays() throws IOException {
    try (JournalStorage s = JournalStorage.open(golden("torn-marker.jsonl"))) {
      assertThat(s.linesRead()).isEqualTo(29);
      assertThat(s.trials(0, ALL)).hasSize(4);
      assertThat(s.trial(0).value()).isEqualTo(0.93);
    }
  }

  @Test
  void corruptMiddleJsonl_failsNamingFileAndLine() throws IOException {
    Path file = golden("corrupt-middle.jsonl");
    assertThatThrownBy(() -> JournalStorage.open(file))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("journal " + file + " line 4 must be a JSON journal entry, but"
            + " got '{\"v\":1,\"type\":\"setParam\",\"w\":\"golden-a\",\"trial\":0,\"na' (");
  }

  @Test
  void version2Jsonl_refusedNamingFileAndLine() throws IOException {
    Path file = golden("version-2.jsonl");
    assertThatThrownBy(() -> JournalStorage.open(file))
        .isInstanceOf(StorageException.class)
        .hasMessage("journal " + file + " line 4 must have v in [1], but got v=2; it was written"
            + " by another sparktune version");
  }

  @Test
  void emptyJsonl_noStudies_andUsable() throws IOException {
    try (JournalStorage s = JournalStorage.open(golden("empty.jsonl"))) {
      assertThat(s.studies()).isEmpty();
      assertThat(s.findStudy("golden")).isEmpty();
      assertThat(s.createStudy("fresh", Direction.MINIMIZE).studyId()).isZero();
    }
  }

  @Test
  void studyJsonl_otherStudyName_refusedWithTheStudiesItHolds() throws IOException {
    Path file = golden("study.jsonl");
    try (JournalStorage s = JournalStorage.open(file)) {
      assertThatThrownBy(() -> s.requireStudy("digits", Direction.MAXIMIZE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("study must be one of ['golden', 'other'] in journal " + file
              + ", but got 'digits'");
    }
  }

  /** The generator still writes the v1 files byte for byte: the v1 writer has not drifted. */
  @ParameterizedTest
  @ValueSource(strings = {"study.jsonl", "races.jsonl", "torn-tail.jsonl", "torn-marker.jsonl",
      "corrupt-middle.jsonl", "version-2.jsonl", "empty.jsonl"})
  void generator_rewritesGoldenFile_byteForByte(String name) throws IOException {
    Path fresh = dir.resolve("fresh");
    GoldenJournals.generate(fresh);
    assertThat(Files.readString(fresh.resolve(name))).isEqualTo(Files.readString(golden(name)));
  }
}
