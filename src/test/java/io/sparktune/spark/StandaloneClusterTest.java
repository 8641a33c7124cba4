package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.pruner.MedianPruner;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1: Master + 2 Workers as separate JVMs started from the
 * runtime jars ({@code submit/local-cluster.sh}), the job submitted with {@code
 * submit/standalone.sh} as its own driver process. The smoke runs by default; the executor-kill
 * and pruning-channel tests carry the {@code cluster} tag.
 */
@Tag("spark")
final class StandaloneClusterTest {
  private static final String PORT = "17077";
  private static final String MASTER = "spark://127.0.0.1:" + PORT;

  @TempDir static Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    run(List.of("submit/local-cluster.sh", "start", "2", "1"), 300, null);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    run(List.of("submit/local-cluster.sh", "stop"), 60, null);
  }

  private static List<String> run(List<String> cmd, int seconds, Runnable onSecondTrial)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("MASTER_PORT", PORT);
    pb.environment().put("MASTER", MASTER);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    AtomicBoolean fired = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        int finished = 0;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.contains(" finished with value") && ++finished == 2 && onSecondTrial != null
              && fired.compareAndSet(false, true)) {
            onSecondTrial.run();
          }
        }
      } catch (IOException e) {
        // process ended
      }
    });
    reader.start();
    boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    reader.join(10_000);
    assertThat(done).as("%s finished within %d s", cmd, seconds).isTrue();
    assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }

  private static Path config(String name, int nTrials, int maxTrees) throws IOException {
    Path c = dir.resolve(name + ".yaml");
    Files.writeString(c, """
        study: {name: %s, direction: maximize, sampler: random, seed: 3, nTrials: %d}
        workload: {type: digits-forest, engine: local, folds: 2}
        space:
          n_estimators: {type: int, low: 2, high: %d}
          max_depth: {type: int, low: 3, high: 10}
        execution: {mode: tasks, statusIntervalSeconds: 5, maxRetries: 2}
        """.formatted(name, nTrials, maxTrees));
    return c;
  }

  private static JsonNode summary(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void standalone_studyRunsToTheEnd_onExecutorJvms() throws Exception {
    Path out = dir.resolve("smoke");
    run(List.of("submit/standalone.sh", config("smoke", 4, 6).toString(), "--output",
        out.toString()), 600, null);
    JsonNode s = summary(out);
    assertThat(s.get("sparkMaster").asText()).isEqualTo(MASTER);
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(4);
    List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
    assertThat(csv).hasSize(5);
  }

  @Test
  @Tag("cluster")
  void standalone_executorKilledMidStudy_everyTrialAccountedFor() throws Exception {
    Path out = dir.resolve("kill");
    List<Long> killed = new ArrayList<>();
    run(List.of("submit/standalone.sh", config("kill", 10, 60).toString(), "--output",
        out.toString()), 900, () -> ProcessHandle.allProcesses()
            .filter(ph -> ph.info().commandLine().orElse("")
                .contains("CoarseGrainedExecutorBackend"))
            .findFirst().ifPresent(ph -> {
              killed.add(ph.pid());
              ph.destroyForcibly();
            }));
    assertThat(killed).as("an executor JVM was killed").hasSize(1);
    JsonNode s = summary(out);
    JsonNode c = s.get("counts");
    assertThat(c.get("RUNNING").asInt()).isZero();
    assertThat(c.get("WAITING").asInt()).isZero();
    List<String> rows = Files.readAllLines(out.resolve("trials.csv")).subList(1, s.get("nTrials")
        .asInt() + 1);
    long lost = rows.stream().filter(r -> r.contains("the previous attempt was lost")).count();
    assertThat(c.get("COMPLETE").asInt() + c.get("FAIL").asInt()).isEqualTo(rows.size());
    assertThat(c.get("COMPLETE").asInt()).isEqualTo(10);
    assertThat(rows.size()).isEqualTo(10 + lost);
  }

  /**
   * The in-trial pruning channel across JVMs: a digits-forest study with the Median pruner runs
   * its trials as tasks on the Workers' executors, which report the running CV mean after each
   * fold and ask the driver whether to prune. At least one trial must be pruned that a snapshot
   * of the study taken when it was dispatched would have kept, so its decision used reports that
   * other trials made after its dispatch.
   */
  @Test
  @Tag("cluster")
  void standalone_medianPrunerOverChannel_decidesWithReportsMadeAfterDispatch() throws Exception {
    Path out = dir.resolve("prune");
    Path journal = dir.resolve("prune.jsonl");
    Path c = dir.resolve("prune.yaml");
    Files.writeString(c, """
        study: {name: prune, direction: maximize, sampler: random, seed: 5, nTrials: 24,
                pruner: median}
        workload: {type: digits-forest, engine: local, folds: 5}
        space:
          n_estimators: {type: int, low: 2, high: 40}
          max_depth: {type: int, low: 1, high: 10}
        execution: {mode: tasks, statusIntervalSeconds: 5}
        """);
    run(List.of("submit/standalone.sh", c.toString(), "--output", out.toString(), "--storage",
        journal.toString()), 900, null);

    assertThat(summary(out).get("sparkMaster").asText()).isEqualTo(MASTER);
    List<FrozenTrial> trials;
    try (JournalStorage storage = JournalStorage.open(journal)) {
      int id = storage.findStudy("prune").orElseThrow().studyId();
      trials = storage.trials(id, EnumSet.allOf(TrialState.class));
    }
    assertThat(trials).hasSize(24).allMatch(t -> t.state().isFinished());
    List<FrozenTrial> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED)
        .toList();
    assertThat(pruned).isNotEmpty();
    // Each pruned trial was pruned at its last report: the live decision said prune there.
    List<Integer> keptBySnapshot = new ArrayList<>();
    for (FrozenTrial p : pruned) {
      List<FrozenTrial> atDispatch = trials.stream()
          .filter(t -> t.datetimeComplete() != null
              && t.datetimeComplete().isBefore(p.datetimeStart()))
          .toList();
      FrozenTrial asRunning = new FrozenTrial(p.trialId(), p.number(), TrialState.RUNNING, null,
          p.params(), p.distributions(), p.intermediateValues(), p.userAttrs(), p.systemAttrs(),
          p.datetimeStart(), null);
      if (!new MedianPruner().prune(new Snapshot(atDispatch), asRunning)) {
        keptBySnapshot.add(p.number());
      }
    }
    System.out.printf("standalone pruning: %d of %d trials pruned, %d of them kept by the"
        + " dispatch snapshot %s%n", pruned.size(), trials.size(), keptBySnapshot.size(),
        keptBySnapshot);
    assertThat(keptBySnapshot).as("pruned trials a dispatch-time snapshot would have kept")
        .isNotEmpty();
  }

  /** The study as a dispatch-time snapshot would have seen it: only these finished trials. */
  private record Snapshot(List<FrozenTrial> finished) implements StudyView {
    @Override
    public String studyName() {
      return "prune";
    }

    @Override
    public Direction direction() {
      return Direction.MAXIMIZE;
    }

    @Override
    public List<FrozenTrial> trials(Set<TrialState> states) {
      return finished.stream().filter(t -> states.contains(t.state())).toList();
    }

    @Override
    public void setTrialSystemAttr(FrozenTrial trial, String key, Object value) {
      throw new UnsupportedOperationException("a snapshot is read-only");
    }
  }
}
