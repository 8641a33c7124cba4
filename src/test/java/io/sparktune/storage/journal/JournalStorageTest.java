package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.FloatDistribution;
import io.sparktune.storage.StorageException;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JournalStorageTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;

  private Path journal() {
    return dir.resolve("j.jsonl");
  }

  private JournalStorage open(MutableClock clock) throws IOException {
    return new JournalStorage(new LocalFileJournalBackend(journal()), clock);
  }

  // ---------------------------------------------------------------- heartbeats

  @Test
  void failStaleTrials_silentBeyondGrace_failsWithDriverLost() throws IOException {
    MutableClock clock = new MutableClock(T0);
    try (JournalStorage s = open(clock)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int stale = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      int alive = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      int done = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.finishTrial(done, TrialState.COMPLETE, 1.0);
      clock.advance(Duration.ofSeconds(50));
      s.recordHeartbeat(alive);
      clock.advance(Duration.ofSeconds(45));

      List<FrozenTrial> failed = s.failStaleTrials(Duration.ofSeconds(60));

      assertThat(failed).extracting(FrozenTrial::trialId).containsExactly(stale);
      FrozenTrial f = s.trial(stale);
      assertThat(f.state()).isEqualTo(TrialState.FAIL);
      assertThat(f.systemAttrs()).containsEntry(JournalStorage.FAIL_REASON,
          "driver lost: heartbeat stale, last sign of life 95.0 s ago, grace period 60.0 s");
      assertThat(f.datetimeComplete()).isEqualTo(T0.plusSeconds(95));
      assertThat(s.trial(alive).state()).isEqualTo(TrialState.RUNNING);
      assertThat(s.lastHeartbeat(alive)).contains(T0.plusSeconds(50));
      assertThat(s.trial(done).state()).isEqualTo(TrialState.COMPLETE);
    }
  }

  @Test
  void failStaleTrials_afterReopen_usesJournalHeartbeats() throws IOException {
    MutableClock clock = new MutableClock(T0);
    int trial;
    try (JournalStorage s = open(clock)) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      trial = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      clock.advance(Duration.ofSeconds(30));
      s.recordHeartbeat(trial);
    }
    clock.advance(Duration.ofSeconds(59));
    try (JournalStorage resumed = open(clock)) {
      assertThat(resumed.failStaleTrials(Duration.ofSeconds(60))).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      assertThat(resumed.failStaleTrials(Duration.ofSeconds(60))).hasSize(1);
    }
    try (JournalStorage again = open(clock)) {
      assertThat(again.trial(trial).state()).isEqualTo(TrialState.FAIL);
    }
  }

  @Test
  void failStaleTrials_driverFinishedFirst_driverResultKept() throws IOException {
    MutableClock clock = new MutableClock(T0);
    try (JournalStorage driver = open(clock); JournalStorage watcher = open(clock)) {
      int study = driver.createStudy("s", Direction.MINIMIZE).studyId();
      int t = driver.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      clock.advance(Duration.ofMinutes(5));
      driver.finishTrial(t, TrialState.COMPLETE, 3.0);
      assertThat(watcher.failStaleTrials(Duration.ofSeconds(60))).isEmpty();
      assertThat(watcher.trial(t).value()).isEqualTo(3.0);
      assertThat(driver.finishTrial(t, TrialState.FAIL, null)).isFalse();
    }
  }

  @Test
  void recordHeartbeat_finishedTrial_throws() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int t = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.finishTrial(t, TrialState.PRUNED, null);
      assertThatThrownBy(() -> s.recordHeartbeat(t))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("trial 0 is PRUNED and cannot heartbeat");
    }
  }

  @Test
  void failStaleTrials_negativeGrace_throws() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThatThrownBy(() -> s.failStaleTrials(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("grace must be >= 0, but got PT-1S");
    }
  }

  // ---------------------------------------------------------------- study lookups

  @Test
  void requireStudy_otherName_listsStudiesInJournal() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      s.createStudy("digits-rf", Direction.MAXIMIZE);
      assertThatThrownBy(() -> s.requireStudy("mnist-mlp", Direction.MAXIMIZE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("study must be one of ['digits-rf'] in journal " + journal()
              + ", but got 'mnist-mlp'");
      assertThatThrownBy(() -> s.requireStudy("digits-rf", Direction.MINIMIZE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("direction must match stored study 'digits-rf' (maximize), but got minimize");
      assertThat(s.requireStudy("digits-rf", Direction.MAXIMIZE).studyId()).isZero();
    }
  }

  // ---------------------------------------------------------------- values and corruption

  @Test
  void reportIntermediate_nonFiniteValues_roundTrip() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int t = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.reportIntermediate(t, 0, Double.NaN);
      s.reportIntermediate(t, 1, Double.NEGATIVE_INFINITY);
      s.finishTrial(t, TrialState.COMPLETE, Double.POSITIVE_INFINITY);
    }
    try (JournalStorage s = open(new MutableClock(T0))) {
      FrozenTrial t = s.trial(0);
      assertThat(t.intermediateValues().get(0)).isNaN();
      assertThat(t.intermediateValues().get(1)).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(t.value()).isEqualTo(Double.POSITIVE_INFINITY);
    }
  }

  @Test
  void setTrialUserAttr_mapWithNullValue_roundTrips() throws IOException {
    Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("a", null);
    value.put("b", List.of(1, 2));
    try (JournalStorage s = open(new MutableClock(T0))) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int t = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.setTrialUserAttr(t, "m", value);
    }
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThat(s.trial(0).userAttrs()).containsExactly(Map.entry("m", value));
    }
  }

  @Test
  void open_emptyFile_emptyStorage() throws IOException {
    Files.createFile(journal());
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThat(s.studies()).isEmpty();
      assertThat(s.linesRead()).isZero();
    }
  }

  @Test
  void open_tornLastLine_ignoredThenTruncatedByNextAppend() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      s.createStudy("s", Direction.MINIMIZE);
    }
    Files.writeString(journal(), "{\"v\":1,\"type\":\"createTri", StandardOpenOption.APPEND);
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThat(s.studies()).hasSize(1);
      assertThat(s.linesRead()).isEqualTo(1);
      s.createTrial(0, TrialState.RUNNING, Map.of());
    }
    List<String> lines = Files.readAllLines(journal());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("{\"v\":1,\"type\":\"createTrial\"");
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThat(s.trials(0, EnumSet.allOf(TrialState.class))).hasSize(1);
    }
  }

  @Test
  void open_garbageMiddleLine_namesFileAndLine() throws IOException {
    Files.write(journal(), List.of(
        "{\"v\":1,\"type\":\"createStudy\",\"w\":\"a\",\"name\":\"s\",\"direction\":\"MINIMIZE\"}",
        "{\"v\":1,\"type\":\"createTrial\",\"w\":\"a\",\"at\":\"2025-01-01T00:00:00Z\",\"study\":0,"
            + "\"state\":\"RUNNING\",\"systemAttrs\":{}}",
        "#garbage#",
        "{\"v\":1,\"type\":\"finish\",\"w\":\"a\",\"at\":\"2025-01-01T00:00:00Z\",\"trial\":0,"
            + "\"state\":\"COMPLETE\",\"value\":1.0}"));
    assertThatThrownBy(() -> open(new MutableClock(T0)))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("journal " + journal() + " line 3 must be a JSON journal entry,"
            + " but got '#garbage#' (Unexpected character ('#'");
  }

  @Test
  void open_newerVersion_refusedWithLine() throws IOException {
    Files.write(journal(), List.of(
        "{\"v\":1,\"type\":\"createStudy\",\"w\":\"a\",\"name\":\"s\",\"direction\":\"MINIMIZE\"}",
        "{\"v\":2,\"type\":\"createStudy\",\"w\":\"a\",\"name\":\"t\","
            + "\"direction\":\"MINIMIZE\"}"));
    assertThatThrownBy(() -> open(new MutableClock(T0)))
        .isInstanceOf(StorageException.class)
        .hasMessage("journal " + journal() + " line 2 must have v in [1], but got v=2; it was"
            + " written by another sparktune version");
  }

  @Test
  void open_missingVersion_refusedWithLine() throws IOException {
    Files.write(journal(), List.of(
        "{\"type\":\"createStudy\",\"w\":\"a\",\"name\":\"s\",\"direction\":\"MINIMIZE\"}"));
    assertThatThrownBy(() -> open(new MutableClock(T0)))
        .isInstanceOf(StorageException.class)
        .hasMessage("journal " + journal() + " line 1 must have v in [1], but got v=(missing); it"
            + " was written by another sparktune version");
  }

  @Test
  void open_unknownType_refusedWithLine() throws IOException {
    Files.write(journal(), List.of("{\"v\":1,\"type\":\"dropStudy\",\"w\":\"a\"}"));
    assertThatThrownBy(() -> open(new MutableClock(T0)))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("journal " + journal() + " line 1 must be a JSON journal entry,"
            + " but got '{\"v\":1,\"type\":\"dropStudy\",\"w\":\"a\"}' (Could not resolve type id"
            + " 'dropStudy'");
  }

  @Test
  void open_tornFragmentClosedByMarker_skipped() throws IOException {
    Files.write(journal(), List.of(
        "{\"v\":1,\"type\":\"createStudy\",\"w\":\"a\",\"name\":\"s\",\"direction\":\"MINIMIZE\"}",
        "{\"v\":1,\"type\":\"createTr" + JournalBackend.TORN_LINE_MARKER,
        JournalBackend.TORN_LINE_MARKER,
        "{\"v\":1,\"type\":\"createStudy\",\"w\":\"b\",\"name\":\"t\","
            + "\"direction\":\"MAXIMIZE\"}"));
    try (JournalStorage s = open(new MutableClock(T0))) {
      assertThat(s.studies()).extracting(x -> x.name()).containsExactly("s", "t");
      assertThat(s.linesRead()).isEqualTo(4);
    }
  }

  @Test
  void setTrialParam_valueOutsideDistribution_throwsAndWritesNothing() throws IOException {
    try (JournalStorage s = open(new MutableClock(T0))) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int t = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      long before = s.linesRead();
      assertThatThrownBy(() -> s.setTrialParam(t, "x", FloatDistribution.uniform(0, 1), "a"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("value must be a number, but got a");
      assertThat(s.linesRead()).isEqualTo(before);
    }
  }

  // ---------------------------------------------------------------- writers in one JVM

  @Test
  void createTrial_fourWritersInParallel_denseUniqueNumbers() throws Exception {
    try (JournalStorage first = open(new MutableClock(T0))) {
      first.createStudy("s", Direction.MINIMIZE);
    }
    int writers = 4;
    int perWriter = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        futures.add(pool.submit(() -> {
          try (JournalStorage s = open(new MutableClock(T0))) {
            for (int i = 0; i < perWriter; i++) {
              FrozenTrial t = s.createTrial(0, TrialState.RUNNING, Map.of());
              numbers.add(t.number());
              s.finishTrial(t.trialId(), TrialState.COMPLETE, (double) t.number());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(numbers).hasSize(writers * perWriter).doesNotHaveDuplicates();
    try (JournalStorage s = open(new MutableClock(T0))) {
      List<FrozenTrial> all = s.trials(0, EnumSet.allOf(TrialState.class));
      assertThat(all).hasSize(writers * perWriter);
      assertThat(all).allSatisfy(t -> {
        assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(t.value()).isEqualTo((double) t.number());
      });
    }
  }

  @Test
  void claimWaitingTrial_twoWriters_eachTrialClaimedOnce() throws IOException {
    try (JournalStorage a = open(new MutableClock(T0)); JournalStorage b = open(
        new MutableClock(T0))) {
      int study = a.createStudy("s", Direction.MINIMIZE).studyId();
      a.createTrial(study, TrialState.WAITING, Map.of());
      a.createTrial(study, TrialState.WAITING, Map.of());
      assertThat(b.claimWaitingTrial(study).orElseThrow().number()).isZero();
      assertThat(a.claimWaitingTrial(study).orElseThrow().number()).isEqualTo(1);
      assertThat(b.claimWaitingTrial(study)).isEmpty();
      assertThat(a.claimWaitingTrial(study)).isEmpty();
    }
  }

  @Test
  void appendedLine_isCompactJsonWithVersionFirst() throws IOException {
    try (JournalStorage s = new JournalStorage(new LocalFileJournalBackend(journal()),
        new MutableClock(T0), "w1")) {
      s.createStudy("s", Direction.MAXIMIZE);
      s.createTrial(0, TrialState.RUNNING, Map.of());
    }
    assertThat(Files.readAllLines(journal(), StandardCharsets.UTF_8)).containsExactly(
        "{\"v\":1,\"type\":\"createStudy\",\"w\":\"w1\",\"name\":\"s\",\"direction\":\"MAXIMIZE\"}",
        "{\"v\":1,\"type\":\"createTrial\",\"w\":\"w1\",\"at\":\"2025-01-01T00:00:00Z\","
            + "\"study\":0,\"state\":\"RUNNING\",\"systemAttrs\":{}}");
  }
}
