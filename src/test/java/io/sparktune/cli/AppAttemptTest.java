package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.asha.AshaAttrs;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.IntDistribution;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.journal.LocalFileJournalBackend;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's attempt ({@link AppAttempt}): the cluster-deploy-mode check of output and storage,
 * the console line, and what a restarted attempt does to the trials an earlier one left RUNNING
 * ({@link StudyStore#recoverLostTrials} with the time since the driver started, {@link
 * StudyStore#recoverAshaTrials}). The real YARN restart is {@code io.sparktune.yarn.YarnJobTest}.
 */
final class AppAttemptTest {
  private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
  @TempDir Path dir;

  private static AppAttempt cluster(int attempt) {
    return new AppAttempt("yarn", "cluster", "application_1_0001", attempt, 2, START);
  }

  private static JobConfig config(String output, String storage) {
    return ConfigLoader.parse("""
        study: {name: s, direction: maximize, sampler: random, nTrials: 1}
        workload: {type: digits-forest, engine: local}
        space:
          n_estimators: {type: int, low: 2, high: 5}
          max_depth: {type: int, low: 2, high: 5}
        output: %s
        %s
        """.formatted(output, storage == null ? "" : "storage: " + storage), "s.yaml");
  }

  @Test
  void checkPaths_clusterModeLocalOutput_throwsNamingOutput() {
    assertThatThrownBy(() -> cluster(1).checkPaths(config("out/s", "hdfs://nn:8020/s.jsonl")))
        .isInstanceOf(ConfigException.class).hasMessage("output must be a Hadoop FileSystem URI"
            + " such as hdfs://namenode:8020/path (or a file: URI of a disk every node shares) in"
            + " cluster deploy mode, where the driver's local disk is deleted after the job, but"
            + " got 'out/s'");
  }

  @Test
  void checkPaths_clusterModeLocalStorage_throwsNamingStorage() {
    assertThatThrownBy(() -> cluster(1).checkPaths(config("hdfs://nn:8020/out", "/tmp/s.jsonl")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage must be a Hadoop FileSystem URI")
        .hasMessageEndingWith("but got '/tmp/s.jsonl'");
  }

  @Test
  void checkPaths_clusterModeHadoopOrFileUris_orClientModeLocal_pass() {
    cluster(2).checkPaths(config("hdfs://nn:8020/out", "s3a://bucket/s.jsonl"));
    cluster(1).checkPaths(config("file:///shared/out", null));
    new AppAttempt("yarn", "client", "application_1_0001", 0, 2, START)
        .checkPaths(config("out/s", "s.jsonl"));
  }

  @Test
  void describe_namesTheAttempt_onlyWhenTheClusterManagerGivesOne() {
    assertThat(cluster(1).describe()).isEqualTo("Driver of YARN application application_1_0001,"
        + " attempt 1 of 2 (cluster deploy mode)");
    assertThat(cluster(2).describe()).isEqualTo("Driver of YARN application application_1_0001,"
        + " attempt 2 of 2 (cluster deploy mode): an earlier attempt died, resuming the study from"
        + " its storage");
    assertThat(new AppAttempt("local[2]", "client", "local-1", 0, 0, START).describe()).isNull();
    assertThat(cluster(2).sinceStart(START.plusSeconds(7))).isEqualTo(Duration.ofSeconds(7));
  }

  /**
   * The second attempt fails the trial the first left RUNNING 3 s before it started (within any
   * heartbeat grace) and keeps the one another live driver heartbeated after it started.
   */
  @Test
  void restartedAttempt_failsTrialsSilentSinceBeforeItStarted_keepsNewerOnes() throws IOException {
    Path file = dir.resolve("s.jsonl");
    int dead;
    int live;
    try (JournalStorage old = journal(file, START.minusSeconds(3))) {
      int study = old.createStudy("s", Direction.MAXIMIZE).studyId();
      dead = running(old, study, 3L);
    }
    try (JournalStorage other = journal(file, START.plusSeconds(2))) {
      live = running(other, 0, 4L);
    }
    try (JournalStorage now = journal(file, START.plusSeconds(10))) {
      int retried = StudyStore.recoverLostTrials(now, 0,
          cluster(2).sinceStart(START.plusSeconds(10)), 2);

      assertThat(retried).isEqualTo(1);
      assertThat(now.trial(dead).state()).isEqualTo(TrialState.FAIL);
      assertThat(now.trial(dead).systemAttrs().get(JournalStorage.FAIL_REASON).toString())
          .startsWith("driver lost");
      assertThat(now.trial(live).state()).isEqualTo(TrialState.RUNNING);
      List<FrozenTrial> waiting = now.trials(0, EnumSet.of(TrialState.WAITING));
      assertThat(waiting).singleElement().satisfies(w -> assertThat(w.systemAttrs())
          .containsEntry("fixed_params", Map.of("n", 3L)));
    }
  }

  /** ASHA: a trial at a rung stays RUNNING (resumed from its checkpoint), one before is retried. */
  @Test
  void restartedAsha_failsAndRetriesOnlyTrialsBeforeTheirFirstRung() throws IOException {
    Path file = dir.resolve("a.jsonl");
    int paused;
    int early;
    try (JournalStorage old = journal(file, START.minusSeconds(3))) {
      int study = old.createStudy("a", Direction.MAXIMIZE).studyId();
      paused = running(old, study, 3L);
      old.setTrialSystemAttr(paused, AshaAttrs.rungKey(0), 0.5);
      old.setTrialSystemAttr(paused, AshaAttrs.TARGET_RUNG, 1);
      early = running(old, study, 4L);
      old.setTrialSystemAttr(early, AshaAttrs.TARGET_RUNG, 0);
    }
    try (JournalStorage now = journal(file, START.plusSeconds(10))) {
      Study study = Study.builder().name("a").direction(Direction.MAXIMIZE)
          .sampler(new RandomSampler(1)).storage(now).loadIfExists(true).build();

      int retried = StudyStore.recoverAshaTrials(study, 2, 2);

      assertThat(retried).isEqualTo(1);
      assertThat(now.trial(paused).state()).isEqualTo(TrialState.RUNNING);
      assertThat(now.trial(early).state()).isEqualTo(TrialState.FAIL);
      assertThat(now.trial(early).systemAttrs().get(JournalStorage.FAIL_REASON)).isEqualTo(
          "driver lost: attempt 1 of the application ended before the trial reached its first"
          + " rung");
      assertThat(JournalStorage.countedTrials(study.trials())).as("the lost one does not count")
          .isEqualTo(1);
      assertThat(now.trials(0, EnumSet.of(TrialState.WAITING))).singleElement()
          .satisfies(w -> assertThat(w.systemAttrs()).containsEntry("fixed_params",
              Map.of("n", 4L)));
    }
  }

  private static JournalStorage journal(Path file, Instant at) throws IOException {
    return new JournalStorage(new LocalFileJournalBackend(file), InstantSource.fixed(at));
  }

  private static int running(JournalStorage j, int study, long n) {
    FrozenTrial t = j.createTrial(study, TrialState.RUNNING, Map.of());
    j.setTrialParam(t.trialId(), "n", IntDistribution.uniform(2, 5), n);
    return t.trialId();
  }
}
