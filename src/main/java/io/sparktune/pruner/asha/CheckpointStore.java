package io.sparktune.pruner.asha;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link AshaRunner} keeps the checkpoint a paused trial resumes from: one blob per trial and
 * rung. Plain {@code java.io}, so that an edge module can put the blobs on any file system (the
 * Spark executor puts them on a Hadoop {@code FileSystem} under the study's directory).
 * Implementations must make a checkpoint visible only once its stream is closed.
 */
public interface CheckpointStore {

  /** A stream that writes the checkpoint of {@code trialNumber} at {@code rung} when closed. */
  OutputStream create(int trialNumber, int rung) throws IOException;

  /**
   * The checkpoint of {@code trialNumber} at {@code rung}.
   *
   * @throws FileNotFoundException if there is none
   */
  InputStream open(int trialNumber, int rung) throws IOException;

  /** Deletes the checkpoint of {@code trialNumber} at {@code rung}, if any. */
  void delete(int trialNumber, int rung) throws IOException;

  /** A store in this JVM's memory (tests, local runs). Thread-safe. */
  static CheckpointStore inMemory() {
    Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    return new CheckpointStore() {
      @Override
      public OutputStream create(int trialNumber, int rung) {
        String key = trialNumber + "/" + rung;
        return new ByteArrayOutputStream() {
          @Override
          public void close() {
            blobs.put(key, toByteArray());
          }
        };
      }

      @Override
      public InputStream open(int trialNumber, int rung) throws IOException {
        byte[] b = blobs.get(trialNumber + "/" + rung);
        if (b == null) {
          throw new FileNotFoundException(
              "checkpoint of trial " + trialNumber + " at rung " + rung + " does not exist");
        }
        return new ByteArrayInputStream(b);
      }

      @Override
      public void delete(int trialNumber, int rung) {
        blobs.remove(trialNumber + "/" + rung);
      }
    };
  }

  /**
   * A store under {@code root}: {@code trial-<n>/rung-<k>.ckpt}, written to a temporary file and
   * moved into place atomically when the stream closes.
   */
  static CheckpointStore directory(Path root) {
    return new CheckpointStore() {
      private Path path(int trialNumber, int rung) {
        return root.resolve("trial-" + trialNumber).resolve("rung-" + rung + ".ckpt");
      }

      @Override
      public OutputStream create(int trialNumber, int rung) throws IOException {
        Path target = path(trialNumber, rung);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "rung-" + rung, ".tmp");
        return new FilterOutputStream(Files.newOutputStream(tmp)) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          private boolean closed;

          @Override
          public void close() throws IOException {
            if (closed) {
              return;
            }
            closed = true;
            super.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          }
        };
      }

      @Override
      public InputStream open(int trialNumber, int rung) throws IOException {
        try {
          return Files.newInputStream(path(trialNumber, rung));
        } catch (NoSuchFileException e) {
          throw new FileNotFoundException(
              "checkpoint of trial " + trialNumber + " at rung " + rung + " does not exist: "
                  + e.getFile());
        }
      }

      @Override
      public void delete(int trialNumber, int rung) throws IOException {
        Files.deleteIfExists(path(trialNumber, rung));
      }
    };
  }
}
