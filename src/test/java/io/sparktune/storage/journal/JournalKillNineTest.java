package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real process kills: a child JVM appends trials to one journal and prints each acknowledged
 * operation; the test kills it with SIGKILL ({@code destroyForcibly}) at 12 points (two of them
 * in the middle of an append, with half a line on disk), replays after each kill, and checks that
 * every acknowledged operation is there and the journal replays cleanly. Each restart resumes the
 * study: it fails the trial its killed predecessor left RUNNING ("driver lost") and goes on.
 */
final class JournalKillNineTest {
  private static final int[] KILL_AFTER_ACKS = {1, 2, 4, 7, 11, 16, 22, 29, 37, 46, 56, 67};
  private static final int TARGET_COMPLETE = 60;

  @TempDir Path dir;

  @Test
  void killNine_twelvePoints_everyAcknowledgedOperationSurvives() throws Exception {
    Path journal = dir.resolve("kill.jsonl");
    List<String> acked = new ArrayList<>();
    Set<Integer> failedByRestart = new TreeSet<>();
    for (int round = 0; round < KILL_AFTER_ACKS.length; round++) {
      boolean midAppend = round == 3 || round == 8;
      try (ChildJvm child = new ChildJvm(dir.resolve("err-" + round + ".txt"), journal.toString(),
          midAppend ? "torn" : "loop", "2", "round" + round)) {
        if (midAppend) {
          child.awaitLines("TORN", 1);
          assertThat(Files.readString(journal)).doesNotEndWith("\n");
        } else {
          child.awaitLines("ACK ", KILL_AFTER_ACKS[round]);
        }
        child.kill();
        for (String line : child.lines) {
          if (line.startsWith("ACK ")) {
            acked.add(line);
          } else if (line.startsWith("FAILED ")) {
            failedByRestart.add(Integer.parseInt(line.substring(7)));
          }
        }
      }
      try (JournalStorage replayed = JournalStorage.open(journal)) {
        assertEveryAckPresent(replayed, journal, acked);
        List<FrozenTrial> all = replayed.trials(0, EnumSet.allOf(TrialState.class));
        assertThat(all).extracting(FrozenTrial::number)
            .containsExactlyElementsOf(range(all.size()));
        assertThat(replayed.trials(0, EnumSet.of(TrialState.RUNNING, TrialState.WAITING)))
            .as("only the killed round's trial may still run").hasSizeLessThanOrEqualTo(1);
      }
    }

    try (ChildJvm last = new ChildJvm(dir.resolve("err-last.txt"), journal.toString(), "until",
        Integer.toString(TARGET_COMPLETE), "last")) {
      assertThat(last.finish()).as(last.stderr()).isZero();
      last.lines.stream().filter(l -> l.startsWith("ACK ")).forEach(acked::add);
      last.lines.stream().filter(l -> l.startsWith("FAILED "))
          .forEach(l -> failedByRestart.add(Integer.parseInt(l.substring(7))));
    }
    try (JournalStorage replayed = JournalStorage.open(journal)) {
      assertEveryAckPresent(replayed, journal, acked);
      List<FrozenTrial> all = replayed.trials(0, EnumSet.allOf(TrialState.class));
      assertThat(replayed.trials(0, EnumSet.of(TrialState.COMPLETE))).hasSize(TARGET_COMPLETE);
      assertThat(replayed.trials(0, EnumSet.of(TrialState.RUNNING))).isEmpty();
      List<FrozenTrial> failed = replayed.trials(0, EnumSet.of(TrialState.FAIL));
      assertThat(failed).extracting(FrozenTrial::number)
          .containsExactlyInAnyOrderElementsOf(failedByRestart);
      assertThat(failed).allSatisfy(t -> assertThat(
          (String) t.systemAttrs().get(JournalStorage.FAIL_REASON)).startsWith("driver lost: "));
      assertThat(all).hasSize(TARGET_COMPLETE + failed.size());
      assertThat(Files.readString(journal)).endsWith("\n");
      long tornLines = Files.readAllLines(journal).stream()
          .filter(l -> l.contains("\"w\":\"torn\"")).count();
      assertThat(tornLines).as("torn fragments are truncated by the next writer").isZero();
    }
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }

  /** Checks each {@code ACK <op> <number>} line against the replayed journal. */
  static void assertEveryAckPresent(JournalStorage s, Path journal, List<String> acked)
      throws java.io.IOException {
    Set<Integer> beating = new HashSet<>();
    for (String line : Files.readAllLines(journal)) {
      if (line.startsWith("{\"v\":1,\"type\":\"heartbeat\"")) {
        beating.add(Integer.parseInt(line.replaceAll(".*\"trial\":(\\d+).*", "$1")));
      }
    }
    Map<Integer, FrozenTrial> byNumber = new TreeMap<>();
    for (FrozenTrial t : s.trials(0, EnumSet.allOf(TrialState.class))) {
      byNumber.put(t.number(), t);
    }
    for (String line : acked) {
      String[] p = line.split(" ");
      int n = Integer.parseInt(p[2]);
      FrozenTrial t = byNumber.get(n);
      assertThat(t).as("trial %d of '%s'", n, line).isNotNull();
      switch (p[1]) {
        case "create" -> { }
        case "param" -> assertThat(t.params()).as(line).containsEntry("x", (double) n);
        case "beat" -> assertThat(beating).as(line).contains(t.trialId());
        case "report" -> assertThat(t.intermediateValues()).as(line).containsEntry(0, (double) n);
        case "attr" -> assertThat(t.userAttrs()).as(line).containsKey("by");
        case "finish" -> {
          assertThat(t.state()).as(line).isEqualTo(TrialState.COMPLETE);
          assertThat(t.value()).as(line).isEqualTo((double) n);
        }
        default -> throw new AssertionError(line);
      }
    }
    assertThat(acked).isNotEmpty();
  }
}
