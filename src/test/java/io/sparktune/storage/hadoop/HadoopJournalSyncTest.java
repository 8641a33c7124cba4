package io.sparktune.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.space.FloatDistribution;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop backend's sync policy: an operation that {@link JournalStorage} forces (study
 * creation, a finish) ends its append with {@code hsync}, every other one with {@code hflush}.
 * Counted on a file system whose append streams record the calls.
 */
final class HadoopJournalSyncTest {
  @TempDir Path dir;

  /** An append stream that records hflush/hsync and claims both capabilities. */
  private static final class RecordingStream extends OutputStream
      implements Syncable, StreamCapabilities {
    private final FSDataOutputStream inner;
    private final List<String> calls;

    RecordingStream(FSDataOutputStream inner, List<String> calls) {
      this.inner = inner;
      this.calls = calls;
    }

    @Override
    public void write(int b) throws IOException {
      inner.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      inner.write(b, off, len);
    }

    @Override
    public void hflush() throws IOException {
      calls.add("hflush");
      inner.flush();
    }

    @Override
    public void hsync() throws IOException {
      calls.add("hsync");
      inner.flush();
    }

    @Override
    public boolean hasCapability(String capability) {
      return capability.equals(StreamCapabilities.HSYNC)
          || capability.equals(StreamCapabilities.HFLUSH);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  /** The raw local file system, with recording append streams. */
  private static final class RecordingFs extends FilterFileSystem {
    final List<String> calls = new ArrayList<>();

    RecordingFs() throws IOException {
      super(FileSystem.getLocal(new Configuration()).getRawFileSystem());
      setConf(new Configuration());
    }

    @Override
    public String getScheme() {
      return "file";
    }

    @Override
    public FSDataOutputStream append(org.apache.hadoop.fs.Path f, int bufferSize,
        Progressable progress) throws IOException {
      FSDataOutputStream raw = super.append(f, bufferSize, progress);
      return new FSDataOutputStream(new RecordingStream(raw, calls), null, raw.getPos());
    }
  }

  @Test
  void append_forcedOperationsHsync_othersHflush() throws IOException {
    RecordingFs fs = new RecordingFs();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
        dir.resolve("j.jsonl").toUri());
    fs.create(file).close(); // appends go through append()
    try (JournalStorage s = new JournalStorage(
        new HadoopJournalBackend(fs, file, Duration.ofSeconds(5)))) {
      int study = s.createStudy("s", Direction.MINIMIZE).studyId();
      int trial = s.createTrial(study, TrialState.RUNNING, Map.of()).trialId();
      s.setTrialParam(trial, "x", FloatDistribution.uniform(0, 1), 0.5);
      s.recordHeartbeat(trial);
      s.finishTrial(trial, TrialState.COMPLETE, 0.5);

      assertThat(fs.calls).containsExactly("hsync", "hflush", "hflush", "hflush", "hsync");
    }
    try (JournalStorage replayed = new JournalStorage(
        new HadoopJournalBackend(fs, file, Duration.ofSeconds(5)))) {
      assertThat(replayed.trial(0).state()).isEqualTo(TrialState.COMPLETE);
      assertThat(replayed.trial(0).params()).containsEntry("x", 0.5);
    }
  }
}
