package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.asha.CheckpointStore;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@link CheckpointStore} on any Hadoop {@code FileSystem} ({@code file://} locally, {@code
 * hdfs://} on a cluster): {@code <root>/trial-<n>/rung-<k>.ckpt}. A checkpoint is written to a
 * temporary file beside its target and renamed into place when the stream closes, so a reader
 * never sees a half-written one. {@code Serializable}, so that a Spark task can write checkpoints
 * itself; the Hadoop configuration is not shipped, a task uses its executor's default one.
 */
public final class HadoopCheckpointStore implements CheckpointStore, Serializable {
  private static final long serialVersionUID = 1L;

  private final String root;
  private transient Configuration conf;
  private transient FileSystem fs;

  /** A store under {@code root} (a URI such as {@code file:///tmp/study/checkpoints}). */
  public HadoopCheckpointStore(String root) {
    this(root, new Configuration());
  }

  /** A store under {@code root}, opened with {@code conf}. */
  public HadoopCheckpointStore(String root, Configuration conf) {
    require(root != null && !root.isBlank(), "root must be a file system URI, but got %s", root);
    URI uri = URI.create(root);
    require(uri.getScheme() != null, "root must be a URI with a scheme (file://, hdfs://), but"
        + " got %s", root);
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.conf = conf;
  }

  /** The root URI. */
  public String root() {
    return root;
  }

  private synchronized FileSystem fs() throws IOException {
    if (fs == null) {
      if (conf == null) {
        conf = new Configuration();
      }
      fs = new Path(root).getFileSystem(conf);
    }
    return fs;
  }

  Path path(int trialNumber, int rung) {
    return new Path(root + "/trial-" + trialNumber + "/rung-" + rung + ".ckpt");
  }

  @Override
  public OutputStream create(int trialNumber, int rung) throws IOException {
    FileSystem f = fs();
    Path target = path(trialNumber, rung);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "."
        + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    return new FilterOutputStream(f.create(tmp, false)) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        super.close();
        // rename does not replace on every file system: clear the target first.
        f.delete(target, false);
        if (!f.rename(tmp, target)) {
          f.delete(tmp, false);
          throw new IOException("cannot move checkpoint " + tmp + " to " + target);
        }
      }
    };
  }

  @Override
  public InputStream open(int trialNumber, int rung) throws IOException {
    Path p = path(trialNumber, rung);
    try {
      return fs().open(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(
          "checkpoint of trial " + trialNumber + " at rung " + rung + " does not exist: " + p);
    }
  }

  @Override
  public void delete(int trialNumber, int rung) throws IOException {
    fs().delete(path(trialNumber, rung), false);
  }

  @Override
  public String toString() {
    return "HadoopCheckpointStore(" + root + ")";
  }
}
