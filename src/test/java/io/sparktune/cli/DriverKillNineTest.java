package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.journal.LocalFileJournalBackend;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of the real driver: {@code Main run --config ... --storage JOURNAL} runs as a child JVM
 * (the test classpath and Spark's module flags, {@code local[1]}, the digits forest on the local
 * engine with a tiny space, the default TPE sampler) and is killed at several points, each time
 * resumed by the next driver. Kill points are external SIGKILLs ({@link
 * ProcessHandle#destroyForcibly}) once the journal has grown by some lines or finished trials in
 * that round, and halts in the middle of an append of a given entry type through the backend's
 * test-only hook ({@link LocalFileJournalBackend#HALT_AT_APPEND_PROPERTY}). After each kill the
 * journal must replay, every trial finished in the journal read just before the kill must replay
 * identically (and stay so to the end), and a last uninterrupted run must reach exactly {@code
 * --n-trials} COMPLETE trials, with one "driver lost" FAIL per trial a kill left running.
 */
final class DriverKillNineTest {
  /** A kill point: after {@code lines} new journal lines or {@code finishes} new finished trials
   * in this round (external SIGKILL), or a halt in the middle of the append {@code halt}. */
  private record KillPoint(int lines, int finishes, String halt) {
    static KillPoint lines(int n) {
      return new KillPoint(n, 0, null);
    }

    static KillPoint finishes(int n) {
      return new KillPoint(0, n, null);
    }

    static KillPoint halt(String spec) {
      return new KillPoint(0, 0, spec);
    }
  }

  @TempDir Path dir;

  /** Default run: one external kill after a finished trial, one halt in the middle of a finish. */
  @Test
  void driverKilled_twoPoints_resumesWithoutLosingFinishedTrials() throws Exception {
    killResumeAndCheck(8, List.of(KillPoint.finishes(1), KillPoint.halt("finish:2")));
  }

  /** Twelve kill points, three of them in the middle of an append (about 2 minutes). */
  @Test
  @Tag("cluster")
  void driverKilled_twelvePoints_resumesWithoutLosingFinishedTrials() throws Exception {
    killResumeAndCheck(24, List.of(
        KillPoint.finishes(1), KillPoint.lines(3), KillPoint.halt("finish:1"),
        KillPoint.finishes(2), KillPoint.lines(7), KillPoint.halt("setParam:3"),
        KillPoint.finishes(1), KillPoint.lines(2), KillPoint.halt("createTrial:2"),
        KillPoint.finishes(3), KillPoint.lines(5), KillPoint.finishes(1)));
  }

  /**
   * SIGTERM (what YARN sends a container first, and Ctrl-C) of a driver whose trials run as Spark
   * tasks: Spark's shutdown hook stops the context, which fails the running trials' jobs; those
   * failures are not the trials' own, so the dying driver writes nothing for them. They stay
   * RUNNING, and the next driver fails them as "driver lost", retries their parameters and ends
   * with exactly {@code --n-trials} COMPLETE.
   */
  @Test
  void driverTerminated_trialsAsSparkTasks_runningTrialsRetriedNotCountedAsFailures()
      throws Exception {
    Path config = dir.resolve("study.yaml");
    Files.writeString(config, """
        study: {name: killed, direction: maximize, seed: 5, nTrials: 6}
        workload: {type: digits-forest, engine: local, folds: 2}
        space:
          n_estimators: {type: int, low: 20, high: 40}
          max_depth: {type: int, low: 4, high: 8}
        execution: {mode: tasks, heartbeatSeconds: 0.2, staleAfterSeconds: 1, maxRetries: 5}
        master: local[2]
        """);
    Path journal = dir.resolve("study.jsonl");
    Process driver = start(config, journal, 0, null);
    try {
      while (driver.isAlive() && !(finishes(journal) >= 1
          && count(Files.readString(journal), "\"type\":\"createTrial\"") > finishes(journal))) {
        Thread.sleep(20);
      }
      assertThat(driver.isAlive()).as("ended before a trial was running: %s", stderr(0)).isTrue();
      driver.toHandle().destroy(); // SIGTERM: the shutdown hooks run
      assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      driver.destroyForcibly();
    }
    try (JournalStorage s = JournalStorage.open(journal)) {
      assertThat(s.trials(0, EnumSet.of(TrialState.FAIL))).as("failures the dying driver wrote: %s",
          stderr(0)).isEmpty();
      assertThat(s.trials(0, EnumSet.of(TrialState.RUNNING))).isNotEmpty();
    }

    Process last = start(config, journal, 1, null);
    assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(stderr(1)).isZero();
    try (JournalStorage s = JournalStorage.open(journal)) {
      List<FrozenTrial> all = s.trials(0, EnumSet.allOf(TrialState.class));
      List<FrozenTrial> failed = s.trials(0, EnumSet.of(TrialState.FAIL));
      assertThat(s.trials(0, EnumSet.of(TrialState.COMPLETE))).hasSize(6);
      assertThat(failed).isNotEmpty().allSatisfy(t -> assertThat(
          (String) t.systemAttrs().get(JournalStorage.FAIL_REASON)).startsWith("driver lost"));
      assertThat(all).hasSize(6 + failed.size());
      for (FrozenTrial f : failed) {
        assertThat(all).anySatisfy(t -> {
          assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
          assertThat(t.params()).isEqualTo(f.params());
        });
      }
    }
  }

  private void killResumeAndCheck(int nTrials, List<KillPoint> points) throws Exception {
    Path config = dir.resolve("study.yaml");
    Files.writeString(config, """
        study: {name: killed, direction: maximize, seed: 5, nTrials: %d}
        workload: {type: digits-forest, engine: local, folds: 2}
        space:
          n_estimators: {type: int, low: 2, high: 4}
          max_depth: {type: int, low: 2, high: 6}
        execution: {mode: threads, heartbeatSeconds: 0.2, staleAfterSeconds: 1, maxRetries: 50}
        master: local[1]
        """.formatted(nTrials));
    Path journal = dir.resolve("study.jsonl");
    Map<Integer, String> finished = new TreeMap<>(); // every trial seen finished, by number
    List<String> log = new ArrayList<>();
    for (int round = 0; round < points.size(); round++) {
      KillPoint p = points.get(round);
      long linesAtStart = lines(journal);
      long finishesAtStart = finishes(journal);
      Map<Integer, String> before = Map.of();
      Process driver = start(config, journal, round, p.halt());
      try {
        while (true) {
          if (!driver.isAlive()) {
            assertThat(p.halt()).as("round %d: the driver ended before its kill point (exit %d):"
                + " %s", round, driver.exitValue(), stderr(round)).isNotNull();
            assertThat(driver.exitValue()).isEqualTo(137);
            assertThat(Files.readString(journal)).as("round %d: halted mid-append", round)
                .doesNotEndWith("\n");
            break;
          }
          boolean reached = p.halt() == null
              && (p.lines() > 0 && lines(journal) - linesAtStart >= p.lines()
              || p.finishes() > 0 && finishes(journal) - finishesAtStart >= p.finishes());
          if (Files.exists(journal)) {
            before = finishedTrials(journal); // the journal read before the kill
          }
          if (reached) {
            driver.toHandle().destroyForcibly(); // SIGKILL
            assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
            break;
          }
          Thread.sleep(20);
        }
      } finally {
        driver.destroyForcibly();
      }
      Map<Integer, String> after = finishedTrials(journal); // reopened: a full replay
      for (Map.Entry<Integer, String> e : before.entrySet()) {
        assertThat(after.get(e.getKey())).as("round %d: finished trial %d after the kill",
            round, e.getKey()).isEqualTo(e.getValue());
      }
      assertStillEqual(finished, after, "round " + round);
      finished.putAll(after);
      log.add(String.format("round %d %s: %d finished before the kill, %d after, %d lines,"
          + " last: %s", round, p, before.size(), after.size(), lines(journal), tail(journal)));
    }

    Process last = start(config, journal, points.size(), null);
    assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(stderr(points.size())).isZero();
    int failedCount;
    try (JournalStorage replayed = JournalStorage.open(journal)) {
      List<FrozenTrial> all = replayed.trials(0, EnumSet.allOf(TrialState.class));
      assertThat(all).extracting(FrozenTrial::number).as(String.join("\n", log))
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, all.size()).boxed()
              .toList());
      List<FrozenTrial> complete = replayed.trials(0, EnumSet.of(TrialState.COMPLETE));
      List<FrozenTrial> failed = replayed.trials(0, EnumSet.of(TrialState.FAIL));
      assertThat(complete).as("--n-trials is the total").hasSize(nTrials);
      assertThat(failed).allSatisfy(t -> assertThat(
          (String) t.systemAttrs().get(JournalStorage.FAIL_REASON)).startsWith("driver lost"));
      assertThat(all).hasSize(nTrials + failed.size());
      assertThat(failed).as("at most one trial runs when a driver is killed")
          .hasSizeLessThanOrEqualTo(points.size());
      failedCount = failed.size();
    }
    log.forEach(l -> System.out.println("KILL " + l));
    assertStillEqual(finished, finishedTrials(journal), "after the last run");
    assertThat(Files.readString(journal)).endsWith("\n");
    assertThat(Files.readAllLines(dir.resolve("out/trials.csv")))
        .as("a header and every trial").hasSize(1 + nTrials + failedCount);
  }

  private static void assertStillEqual(Map<Integer, String> seen, Map<Integer, String> now,
      String when) {
    for (Map.Entry<Integer, String> e : seen.entrySet()) {
      assertThat(now.get(e.getKey())).as("%s: finished trial %d", when, e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  /** The finished trials of the journal, replayed, as comparable strings by trial number. */
  private static Map<Integer, String> finishedTrials(Path journal) {
    Map<Integer, String> m = new LinkedHashMap<>();
    try (JournalStorage s = JournalStorage.open(journal)) {
      if (s.findStudy("killed").isEmpty()) {
        return m;
      }
      for (FrozenTrial t : s.trials(0, EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED,
          TrialState.FAIL))) {
        m.put(t.number(), t.state() + " " + t.value() + " " + t.params() + " "
            + t.intermediateValues() + " " + t.datetimeStart() + " " + t.datetimeComplete());
      }
    }
    return m;
  }

  /** The type of the last journal line, with "(torn)" if it has no end of line. */
  private static String tail(Path journal) throws IOException {
    String text = Files.readString(journal);
    boolean torn = !text.endsWith("\n");
    String body = torn ? text : text.substring(0, text.length() - 1);
    String last = body.substring(body.lastIndexOf('\n') + 1);
    String type = last.replaceAll(".*?\"type\":\"([a-zA-Z]+)\".*", "$1");
    return (type.equals(last) ? "?" : type) + (torn ? " (torn)" : "");
  }

  private static long lines(Path journal) throws IOException {
    return Files.exists(journal) ? Files.readAllBytes(journal).length == 0 ? 0
        : count(Files.readString(journal), "\n") : 0;
  }

  private static long finishes(Path journal) throws IOException {
    return Files.exists(journal) ? count(Files.readString(journal), "\"type\":\"finish\"") : 0;
  }

  private static long count(String text, String what) {
    long n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** {@code Main run} in a child JVM: this JVM's classpath and module flags. */
  private Process start(Path config, Path journal, int round, String halt) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized")
          || arg.startsWith("--sun-misc") || arg.startsWith("--enable-native")
          || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "-Dlog4j2.configurationFile=log4j2-test.properties"));
    if (halt != null) {
      cmd.add("-D" + LocalFileJournalBackend.HALT_AT_APPEND_PROPERTY + "=" + halt);
    }
    cmd.addAll(List.of(Main.class.getName(), "run", "--config", config.toString(), "--storage",
        journal.toString(), "--output", dir.resolve("out").toString()));
    return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out-" + round + ".txt").toFile())
        .redirectError(dir.resolve("err-" + round + ".txt").toFile()).start();
  }

  private String stderr(int round) throws IOException {
    return Files.readString(dir.resolve("err-" + round + ".txt"), StandardCharsets.UTF_8);
  }
}
