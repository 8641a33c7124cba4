package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writer processes on one journal at the same time (two drivers on one study). */
final class JournalTwoProcessTest {
  private static final int PER_WRITER = 150;

  @TempDir Path dir;

  @Test
  void twoProcesses_concurrentTrials_noDuplicateNumberNothingLost() throws Exception {
    Path journal = dir.resolve("two.jsonl");
    List<Integer> fromA = new ArrayList<>();
    List<Integer> fromB = new ArrayList<>();
    Path gate = dir.resolve("go");
    try (ChildJvm a = new ChildJvm(dir.resolve("a.txt"), journal.toString(), "count",
        Integer.toString(PER_WRITER), "a", gate.toString());
        ChildJvm b = new ChildJvm(dir.resolve("b.txt"), journal.toString(), "count",
            Integer.toString(PER_WRITER), "b", gate.toString())) {
      a.awaitLines("READY", 1);
      b.awaitLines("READY", 1);
      java.nio.file.Files.createFile(gate);
      assertThat(a.finish()).as(a.stderr()).isZero();
      assertThat(b.finish()).as(b.stderr()).isZero();
      collect(a.lines, fromA);
      collect(b.lines, fromB);
      try (JournalStorage s = JournalStorage.open(journal)) {
        List<String> acked = new ArrayList<>(a.lines);
        acked.addAll(b.lines);
        acked.removeIf(l -> !l.startsWith("ACK "));
        JournalKillNineTest.assertEveryAckPresent(s, journal, acked);
        List<FrozenTrial> all = s.trials(0, EnumSet.allOf(TrialState.class));
        assertThat(all).hasSize(2 * PER_WRITER);
        assertThat(all).allSatisfy(t -> {
          assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
          assertThat(t.value()).isEqualTo((double) t.number());
          String by = (String) t.userAttrs().get("by");
          assertThat(by.equals("a") ? fromA : fromB).contains(t.number());
        });
      }
    }
    assertThat(fromA).hasSize(PER_WRITER).doesNotContainAnyElementsOf(fromB);
    assertThat(fromB).hasSize(PER_WRITER);
    List<Integer> union = new ArrayList<>(fromA);
    union.addAll(fromB);
    assertThat(union).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(0, 2 * PER_WRITER).boxed().toList());
    // Both really interleaved: each writer got numbers on both sides of the other's.
    assertThat(fromA.get(fromA.size() - 1)).isGreaterThan(fromB.get(0));
    assertThat(fromB.get(fromB.size() - 1)).isGreaterThan(fromA.get(0));
  }

  private static void collect(List<String> lines, List<Integer> numbers) {
    for (String l : lines) {
      if (l.startsWith("ACK create ")) {
        numbers.add(Integer.parseInt(l.substring("ACK create ".length())));
      }
    }
  }
}
