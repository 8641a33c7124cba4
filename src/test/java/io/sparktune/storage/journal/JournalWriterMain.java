package io.sparktune.storage.journal;

import io.sparktune.space.FloatDistribution;
import io.sparktune.storage.DuplicateStudyException;
import io.sparktune.storage.StudyInfo;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/**
 * A writer process for the kill -9 and two-process tests: it appends trials to a journal and
 * prints {@code ACK <op> <trial number>} after each operation returns (so only acknowledged
 * operations are printed), flushing stdout each time.
 *
 * <p>Arguments: {@code <journal> <mode> <n> <name>}. Modes: {@code loop} (until killed), {@code
 * count} ({@code n} trials, then exit), {@code until} (until the study has {@code n} COMPLETE
 * trials), {@code torn} ({@code n} trials, then write half a line straight into the file, print
 * {@code TORN} and hang, as a process killed in the middle of an append). Modes other than {@code
 * count} first fail the RUNNING trials left by a dead predecessor (grace 0: only one writer).
 */
final class JournalWriterMain {
  static final FloatDistribution X = FloatDistribution.uniform(0, 1e9);

  private JournalWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String mode = args[1];
    int n = Integer.parseInt(args[2]);
    String name = args[3];
    try (JournalStorage s = JournalStorage.open(file)) {
      int study = studyId(s);
      if (!mode.equals("count")) {
        for (FrozenTrial t : s.failStaleTrials(Duration.ZERO)) {
          System.out.println("FAILED " + t.number());
        }
      }
      System.out.println("READY " + s.linesRead());
      if (args.length > 4) {
        // a start gate: wait until the test creates this file, so writers really overlap
        Path gate = Path.of(args[4]);
        while (!java.nio.file.Files.exists(gate)) {
          Thread.sleep(2);
        }
      }
      int done = 0;
      while (true) {
        if (mode.equals("count") || mode.equals("torn")) {
          if (done == n) {
            break;
          }
        } else if (mode.equals("until")
            && s.trials(study, EnumSet.of(TrialState.COMPLETE)).size() >= n) {
          break;
        }
        runTrial(s, study, name);
        done++;
      }
      if (mode.equals("torn")) {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
          out.write("{\"v\":1,\"type\":\"createTrial\",\"w\":\"torn\",\"at\":\"2025-"
              .getBytes(StandardCharsets.UTF_8));
          out.getFD().sync();
        }
        System.out.println("TORN");
        Thread.sleep(Long.MAX_VALUE);
      }
      System.out.println("DONE");
    }
  }

  private static int studyId(JournalStorage s) {
    try {
      return s.createStudy("kill", Direction.MINIMIZE).studyId();
    } catch (DuplicateStudyException e) {
      return s.findStudy("kill").map(StudyInfo::studyId).orElseThrow();
    }
  }

  private static void runTrial(JournalStorage s, int study, String name) throws IOException {
    FrozenTrial t = s.createTrial(study, TrialState.RUNNING, Map.of());
    int n = t.number();
    ack("create", n);
    s.setTrialParam(t.trialId(), "x", X, (double) n);
    ack("param", n);
    s.recordHeartbeat(t.trialId());
    ack("beat", n);
    s.reportIntermediate(t.trialId(), 0, n);
    ack("report", n);
    s.setTrialUserAttr(t.trialId(), "by", name);
    ack("attr", n);
    s.finishTrial(t.trialId(), TrialState.COMPLETE, (double) n);
    ack("finish", n);
  }

  private static void ack(String op, int number) {
    System.out.println("ACK " + op + " " + number);
  }
}
