package io.sparktune.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.storage.journal.JournalBackend;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop journal on a real (in-process) HDFS: append and replay, two writers with their own
 * leases, and a torn fragment closed with the marker. One MiniDFSCluster for the class (about 15 s
 * to start); the longer HDFS suite is {@link HdfsJournalClusterTest} (tag {@code cluster}).
 */
final class HdfsJournalSmokeTest {
  @TempDir static java.nio.file.Path base;
  private static MiniHdfs hdfs;

  @BeforeAll
  static void start() throws Exception {
    hdfs = new MiniHdfs(base);
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static JournalStorage open(FileSystem fs, String file) throws Exception {
    return new JournalStorage(new HadoopJournalBackend(fs, new Path(file), Duration.ofSeconds(60)));
  }

  @Test
  void hdfs_appendThenReplay_sameState() throws Exception {
    try (FileSystem fs = hdfs.newClient()) {
      try (JournalStorage s = open(fs, "/journals/replay.jsonl")) {
        int study = s.createStudy("hdfs", Direction.MINIMIZE).studyId();
        for (int i = 0; i < 5; i++) {
          FrozenTrial t = s.createTrial(study, TrialState.RUNNING, Map.of());
          s.reportIntermediate(t.trialId(), 0, i);
          s.finishTrial(t.trialId(), TrialState.COMPLETE, (double) i);
        }
      }
      try (JournalStorage back = open(fs, "/journals/replay.jsonl")) {
        List<FrozenTrial> all = back.trials(0, EnumSet.allOf(TrialState.class));
        assertThat(all).extracting(FrozenTrial::value).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(back.linesRead()).isEqualTo(16);
      }
    }
  }

  @Test
  void hdfs_twoClientsWriting_uniqueDenseNumbers() throws Exception {
    String file = "/journals/two.jsonl";
    try (FileSystem fs = hdfs.newClient(); JournalStorage s = open(fs, file)) {
      s.createStudy("two", Direction.MINIMIZE);
    }
    int perWriter = 15;
    List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        futures.add(pool.submit(() -> {
          try (FileSystem fs = hdfs.newClient(); JournalStorage s = open(fs, file)) {
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
    assertThat(numbers).hasSize(2 * perWriter).doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(n).isBetween(0, 2 * perWriter - 1));
    try (FileSystem fs = hdfs.newClient(); JournalStorage s = open(fs, file)) {
      assertThat(s.trials(0, EnumSet.of(TrialState.COMPLETE))).hasSize(2 * perWriter)
          .allSatisfy(t -> assertThat(t.value()).isEqualTo((double) t.number()));
    }
  }

  @Test
  void hdfs_tornFragment_closedWithMarkerAndSkipped() throws Exception {
    String file = "/journals/torn.jsonl";
    try (FileSystem fs = hdfs.newClient()) {
      try (JournalStorage s = open(fs, file)) {
        s.createStudy("torn", Direction.MINIMIZE);
      }
      try (FSDataOutputStream out = fs.append(new Path(file))) {
        out.write("{\"v\":1,\"type\":\"createTrial\",\"w\":\"dead\",\"at\""
            .getBytes(StandardCharsets.UTF_8));
        out.hsync();
      }
      try (JournalStorage s = open(fs, file)) {
        assertThat(s.linesRead()).isEqualTo(1);
        assertThat(s.createTrial(0, TrialState.RUNNING, Map.of()).number()).isZero();
      }
      try (JournalStorage s = open(fs, file)) {
        assertThat(s.linesRead()).isEqualTo(3);
        assertThat(s.trials(0, EnumSet.allOf(TrialState.class))).hasSize(1);
      }
      String text = new String(fs.open(new Path(file)).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text.lines().toList().get(1))
          .isEqualTo("{\"v\":1,\"type\":\"createTrial\",\"w\":\"dead\",\"at\""
              + JournalBackend.TORN_LINE_MARKER);
    }
  }
}
