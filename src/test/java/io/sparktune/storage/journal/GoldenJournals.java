package io.sparktune.storage.journal;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the golden v1 journals in {@code src/test/resources/journal/v1} (Optuna's {@code
 * create_journal.py}). They are replayed by {@link JournalGoldenTest} forever; never regenerate a
 * released version's files, add a new directory for a new version instead.
 *
 * <p>Run: {@code mvn -o -q test-compile && java -cp "target/test-classes:target/classes:$(cat
 * cp.txt)" io.sparktune.storage.journal.GoldenJournals src/test/resources/journal/v1}, with {@code
 * cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class GoldenJournals {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private GoldenJournals() {}

  public static void main(String[] args) throws IOException {
    generate(Path.of(args[0]));
  }

  /** Writes every generated golden file into {@code dir}. */
  static void generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path study = dir.resolve("study.jsonl");
    Files.deleteIfExists(study);
    writeStudy(study);
    Path races = dir.resolve("races.jsonl");
    Files.deleteIfExists(races);
    writeRaces(races);
    List<String> lines = Files.readAllLines(study, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("torn-tail.jsonl"),
        join(lines.subList(0, 6)) + lines.get(6).substring(0, 40), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("torn-marker.jsonl"), join(lines.subList(0, 6))
        + lines.get(6).substring(0, 40) + JournalBackend.TORN_LINE_MARKER + "\n"
        + join(lines.subList(6, lines.size())), StandardCharsets.UTF_8);
    List<String> corrupt = new ArrayList<>(lines.subList(0, 8));
    corrupt.set(3, "{\"v\":1,\"type\":\"setParam\",\"w\":\"golden-a\",\"trial\":0,\"na");
    Files.writeString(dir.resolve("corrupt-middle.jsonl"), join(corrupt), StandardCharsets.UTF_8);
    List<String> newer = new ArrayList<>(lines.subList(0, 3));
    newer.add("{\"v\":2,\"type\":\"setParam\",\"w\":\"golden-a\",\"trial\":0,\"name\":\"lr\"}");
    Files.writeString(dir.resolve("version-2.jsonl"), join(newer), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("empty.jsonl"), "", StandardCharsets.UTF_8);
  }

  private static String join(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  /** Every operation of the v1 format through the public API of one writer. */
  private static void writeStudy(Path file) throws IOException {
    MutableClock clock = new MutableClock(T0);
    try (JournalStorage s = new JournalStorage(new LocalFileJournalBackend(file), clock,
        "golden-a")) {
      int study = s.createStudy("golden", Direction.MAXIMIZE).studyId();
      // trial 0: COMPLETE with three kinds of parameters, reports, attributes, heartbeats
      int t0 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      clock.advance(Duration.ofSeconds(1));
      s.setTrialParam(t0, "lr", FloatDistribution.logUniform(1e-4, 1), 0.01);
      s.setTrialParam(t0, "depth", IntDistribution.stepped(2, 12, 2), 6L);
      s.setTrialParam(t0, "impurity",
          new CategoricalDistribution(Arrays.asList("gini", "entropy", true, null, 2.5)), null);
      s.recordHeartbeat(t0);
      clock.advance(Duration.ofSeconds(1));
      s.reportIntermediate(t0, 1, 0.5);
      s.reportIntermediate(t0, 2, Double.NaN);
      s.reportIntermediate(t0, 3, Double.NEGATIVE_INFINITY);
      s.setTrialUserAttr(t0, "note", "first");
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("folds", List.of(0.91, 0.93));
      nested.put("ok", true);
      s.setTrialUserAttr(t0, "cv", nested);
      s.setTrialSystemAttr(t0, "completed_rung_0", 0.5);
      s.setTrialSystemAttr(t0, "checkpoint", "ckpt/trial-0/step-3");
      clock.advance(Duration.ofSeconds(1));
      s.finishTrial(t0, TrialState.COMPLETE, 0.93);
      // trial 1: PRUNED with the last intermediate value
      int t1 = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.setTrialParam(t1, "lr", FloatDistribution.logUniform(1e-4, 1), 0.5);
      s.reportIntermediate(t1, 1, 0.2);
      clock.advance(Duration.ofSeconds(1));
      s.finishTrial(t1, TrialState.PRUNED, 0.2);
      // trial 2: enqueued, claimed, then left RUNNING by a "dead driver" and failed as stale
      Map<String, Object> fixed = new LinkedHashMap<>();
      fixed.put("lr", 0.001);
      fixed.put("depth", 4);
      int t2 = s.createTrial(study, TrialState.WAITING, Map.of("fixed_params", fixed)).trialId();
      clock.advance(Duration.ofSeconds(1));
      s.claimWaitingTrial(study);
      s.setTrialParam(t2, "lr", FloatDistribution.logUniform(1e-4, 1), 0.001);
      s.recordHeartbeat(t2);
      clock.advance(Duration.ofSeconds(120));
      s.failStaleTrials(Duration.ofSeconds(60));
      // trial 3: still RUNNING at the end of the journal; a second, minimizing study
      s.createTrial(study, TrialState.RUNNING, Map.of());
      int other = s.createStudy("other", Direction.MINIMIZE).studyId();
      int t4 = s.createTrial(other, TrialState.RUNNING, Map.of()).trialId();
      s.finishTrial(t4, TrialState.FAIL, null);
      s.setTrialSystemAttr(t4, "fail_reason", "java.lang.IllegalStateException: boom");
    }
  }

  /**
   * Two writers whose entries lost races: they are in the log but replay as no-ops. Written as
   * raw entries, because a writer's API checks would not let it append them alone.
   */
  private static void writeRaces(Path file) throws IOException {
    Instant t = T0;
    List<JournalEntry> entries = List.of(
        new JournalEntry.CreateStudy("golden-a", "shared", Direction.MINIMIZE),
        new JournalEntry.CreateStudy("golden-b", "shared", Direction.MINIMIZE),
        new JournalEntry.CreateTrial("golden-a", t, 0, TrialState.RUNNING, Map.of()),
        new JournalEntry.CreateTrial("golden-b", t.plusSeconds(1), 0, TrialState.RUNNING,
            Map.of()),
        new JournalEntry.CreateTrial("golden-b", t.plusSeconds(1), 0, TrialState.WAITING,
            Map.of()),
        new JournalEntry.ClaimWaiting("golden-a", t.plusSeconds(2), 0),
        new JournalEntry.ClaimWaiting("golden-b", t.plusSeconds(2), 0),
        new JournalEntry.Finish("golden-b", t.plusSeconds(3), 0, TrialState.FAIL, null,
            "driver lost: heartbeat stale, last sign of life 61.0 s ago, grace period 60.0 s"),
        new JournalEntry.Finish("golden-a", t.plusSeconds(4), 0, TrialState.COMPLETE, 1.5, null),
        new JournalEntry.SetParam("golden-a", 0, "x", FloatDistribution.uniform(0, 1), 0.5),
        new JournalEntry.Report("golden-a", 0, 0, 0.25),
        new JournalEntry.Heartbeat("golden-a", t.plusSeconds(5), 0),
        new JournalEntry.Finish("golden-b", t.plusSeconds(6), 1, TrialState.COMPLETE, 2.5, null),
        new JournalEntry.SetUserAttr("golden-a", 9, "missing", 1));
    StringBuilder sb = new StringBuilder();
    entries.forEach(e -> sb.append(JournalCodec.encode(e)).append('\n'));
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
