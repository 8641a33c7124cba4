package io.sparktune.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.storage.Storage;
import io.sparktune.storage.StorageContract;
import io.sparktune.storage.StorageException;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full HDFS suite (tag {@code cluster}): {@link StorageContract} on HDFS, a longer two-writer
 * run, and lease hand-over between writers.
 */
@Tag("cluster")
final class HdfsJournalClusterTest implements StorageContract {
  @TempDir static java.nio.file.Path base;
  private static MiniHdfs hdfs;
  private static final AtomicInteger FILES = new AtomicInteger();
  private final List<JournalStorage> opened = new ArrayList<>();
  private final List<FileSystem> clients = new ArrayList<>();

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

  @AfterEach
  void closeAll() throws IOException {
    opened.forEach(JournalStorage::close);
    for (FileSystem fs : clients) {
      fs.close();
    }
  }

  private String currentFile = "/contract/none.jsonl";

  private JournalStorage open(String file, Duration leaseTimeout) {
    try {
      FileSystem fs = hdfs.newClient();
      clients.add(fs);
      JournalStorage s = new JournalStorage(
          new HadoopJournalBackend(fs, new Path(file), leaseTimeout));
      opened.add(s);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Storage newStorage() {
    currentFile = "/contract/j" + FILES.incrementAndGet() + ".jsonl";
    return open(currentFile, Duration.ofSeconds(60));
  }

  @Override
  public Optional<Storage> reopen(Storage storage) {
    return Optional.of(open(currentFile, Duration.ofSeconds(60)));
  }

  @Test
  void hdfs_fourWriters_denseUniqueNumbersAndAllValues() throws Exception {
    String file = "/cluster/four.jsonl";
    open(file, Duration.ofSeconds(60)).createStudy("four", Direction.MINIMIZE);
    int writers = 4;
    int perWriter = 25;
    List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        JournalStorage s = open(file, Duration.ofSeconds(60));
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            FrozenTrial t = s.createTrial(0, TrialState.RUNNING, Map.of());
            numbers.add(t.number());
            s.reportIntermediate(t.trialId(), 0, t.number());
            s.finishTrial(t.trialId(), TrialState.COMPLETE, (double) t.number());
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
    JournalStorage replay = open(file, Duration.ofSeconds(60));
    List<FrozenTrial> all = replay.trials(0, EnumSet.allOf(TrialState.class));
    assertThat(all).hasSize(writers * perWriter).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      assertThat(t.intermediateValues()).containsEntry(0, (double) t.number());
    });
  }

  @Test
  void hdfs_leaseHeldByAnotherClient_appendWaitsThenSucceeds() throws Exception {
    String file = "/cluster/lease.jsonl";
    JournalStorage s = open(file, Duration.ofSeconds(30));
    s.createStudy("lease", Direction.MINIMIZE);
    FileSystem other = hdfs.newClient();
    clients.add(other);
    FSDataOutputStream held = other.append(new Path(file));
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(1500);
        held.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long t0 = System.nanoTime();
    releaser.start();
    FrozenTrial t = s.createTrial(0, TrialState.RUNNING, Map.of());
    long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
    releaser.join();
    assertThat(t.number()).isZero();
    assertThat(waitedMillis).isGreaterThanOrEqualTo(1400);
  }

  @Test
  void hdfs_leaseNeverReleased_failsAfterTimeout() throws Exception {
    String file = "/cluster/stuck.jsonl";
    JournalStorage s = open(file, Duration.ofMillis(500));
    s.createStudy("stuck", Direction.MINIMIZE);
    FileSystem other = hdfs.newClient();
    clients.add(other);
    FSDataOutputStream held = other.append(new Path(file));
    try {
      assertThatThrownBy(() -> s.createTrial(0, TrialState.RUNNING, Map.of()))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("journal " + hdfs.cluster.getURI() + file
              + " must be writable, but got ")
          .hasMessageContaining("AlreadyBeingCreatedException");
    } finally {
      held.close();
    }
    assertThat(s.trials(0, EnumSet.allOf(TrialState.class))).isEmpty();
  }
}
