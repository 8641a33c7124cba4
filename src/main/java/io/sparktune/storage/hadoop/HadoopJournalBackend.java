package io.sparktune.storage.hadoop;

import static io.sparktune.internal.Checks.require;

import io.sparktune.storage.journal.JournalBackend;
import io.sparktune.storage.journal.LocalFileLock;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.ipc.RemoteException;

/**
 * A journal in one file of a Hadoop {@link FileSystem}: {@code hdfs://}, {@code file://}, or any
 * file system whose client is on the classpath and that supports append (S3A has no append and is
 * refused).
 *
 * <p>Each append opens the file for append, writes, and closes it; before closing it calls {@code
 * hsync} (the DataNodes force the block to their disks) for a {@link Commit#FORCE} append, and
 * {@code hflush} (the DataNodes hold the bytes; survives a kill -9 of the writer) for a {@link
 * Commit#WRITE} append. An HDFS stream can only be forced while it is open, so the force happens
 * inside the append and {@link #force} does nothing. On HDFS the
 * append lease is the writers' mutual exclusion: a second writer gets {@code
 * AlreadyBeingCreatedException} and retries with backoff until the lease is free (up to {@code
 * leaseTimeout}; the NameNode recovers the lease of a dead writer after its soft limit, 60 s by
 * default). On {@code file://} the backend takes {@link LocalFileLock} instead. A torn fragment
 * left by a dead writer is closed with {@link JournalBackend#TORN_LINE_MARKER}, because HDFS cannot
 * truncate a file that is open for append.
 */
public final class HadoopJournalBackend implements JournalBackend {
  private static final Set<String> LEASE_CONFLICTS = Set.of("AlreadyBeingCreatedException",
      "RecoveryInProgressException", "LeaseExpiredException");

  private final FileSystem fs;
  private final Path path;
  private final Duration leaseTimeout;
  private final boolean ownsFs;
  private final java.nio.file.Path localFile;
  private final FileChannel localLockChannel;
  /** A length at which the file was last seen ending in a complete line (skips the tail check). */
  private volatile long cleanEnd = -1;

  /**
   * HDFS client setting: the first wait before {@code close} asks the NameNode again whether the
   * last block is complete. Hadoop's 400 ms default makes most journal appends wait that long;
   * when the configuration does not set it, the backend's own client uses {@value
   * #COMPLETE_FILE_DELAY_MS} ms.
   */
  public static final String COMPLETE_FILE_DELAY_KEY =
      "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  /** The value the backend uses for {@link #COMPLETE_FILE_DELAY_KEY} when it is not set. */
  public static final int COMPLETE_FILE_DELAY_MS = 20;

  /** A backend on the file at {@code uri}, with a default {@link Configuration}. */
  public HadoopJournalBackend(URI uri) throws IOException {
    this(new Path(uri), new Configuration(), Duration.ofMinutes(2));
  }

  /**
   * A backend on {@code path} with its own file system client (its own HDFS lease holder), closed
   * by {@link #close}.
   *
   * @param path the journal file; its parent directories are created
   * @param conf the Hadoop configuration (copied)
   * @param leaseTimeout how long an append waits for another writer's lease before failing
   */
  public HadoopJournalBackend(Path path, Configuration conf, Duration leaseTimeout)
      throws IOException {
    this(FileSystem.newInstance(path.toUri(), tuned(conf)), path, leaseTimeout, true);
  }

  /** A backend on {@code path} of {@code fs}; the caller keeps ownership of {@code fs}. */
  public HadoopJournalBackend(FileSystem fs, Path path, Duration leaseTimeout) throws IOException {
    this(fs, path, leaseTimeout, false);
  }

  private static Configuration tuned(Configuration conf) {
    Configuration copy = new Configuration(conf);
    if (copy.get(COMPLETE_FILE_DELAY_KEY) == null) {
      copy.setInt(COMPLETE_FILE_DELAY_KEY, COMPLETE_FILE_DELAY_MS);
    }
    return copy;
  }

  private HadoopJournalBackend(FileSystem fs, Path path, Duration leaseTimeout, boolean ownsFs)
      throws IOException {
    this.ownsFs = ownsFs;
    require(leaseTimeout != null && !leaseTimeout.isNegative(),
        "leaseTimeout must be >= 0, but got %s", leaseTimeout);
    require(!fs.getScheme().startsWith("s3"),
        "storage URI scheme must support append (hdfs, file), but got %s: S3 has no append",
        fs.getScheme());
    FileSystem target = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    this.fs = target;
    this.path = target.makeQualified(path);
    this.leaseTimeout = leaseTimeout;
    if (this.path.getParent() != null) {
      target.mkdirs(this.path.getParent());
    }
    if (target instanceof RawLocalFileSystem raw) {
      this.localFile = raw.pathToFile(this.path).toPath().toAbsolutePath().normalize();
      this.localLockChannel = FileChannel.open(localFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
    } else {
      this.localFile = null;
      this.localLockChannel = null;
    }
  }

  /** The journal file. */
  public Path path() {
    return path;
  }

  @Override
  public Chunk read(long offset) throws IOException {
    long length;
    try {
      length = fs.getFileStatus(path).getLen();
    } catch (FileNotFoundException e) {
      return new Chunk(List.of(), offset);
    }
    if (length <= offset) {
      return new Chunk(List.of(), offset);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(length - offset,
        1 << 20));
    try (FSDataInputStream in = fs.open(path)) {
      in.seek(offset);
      in.transferTo(bytes);
    }
    byte[] all = bytes.toByteArray();
    Chunk chunk = Chunk.of(all, all.length, offset);
    if (chunk.nextOffset() == offset + all.length) {
      cleanEnd = chunk.nextOffset();
    }
    return chunk;
  }

  @Override
  public Appended append(List<String> lines, Commit commit) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (localLockChannel != null) {
      LocalFileLock lock = LocalFileLock.acquire(localFile, localLockChannel);
      try {
        return appendHoldingLease(data, commit);
      } finally {
        lock.close();
      }
    }
    return appendHoldingLease(data, commit);
  }

  private Appended appendHoldingLease(byte[] data, Commit commit) throws IOException {
    FSDataOutputStream out = openForAppend();
    Appended done;
    try {
      done = appendTo(out, data, commit);
    } catch (IOException | RuntimeException e) {
      // DFSOutputStream.close rethrows the very exception a failed hflush threw; with
      // try-with-resources that turns into "Self-suppression not permitted" and hides it
      try {
        out.close();
      } catch (IOException | RuntimeException c) {
        if (c != e) {
          e.addSuppressed(c);
        }
      }
      throw e;
    }
    out.close();
    return done;
  }

  private Appended appendTo(FSDataOutputStream out, byte[] data, Commit commit)
      throws IOException {
    long length = out.getPos();
    if (length > 0 && length != cleanEnd && lastByte(length) != '\n') {
      out.write((TORN_LINE_MARKER + "\n").getBytes(StandardCharsets.UTF_8));
    }
    long start = out.getPos();
    out.write(data);
    if (commit == Commit.FORCE && out.hasCapability(StreamCapabilities.HSYNC)) {
      out.hsync();
    } else {
      out.hflush();
    }
    cleanEnd = start + data.length;
    return new Appended(start, start + data.length);
  }

  private int lastByte(long length) throws IOException {
    byte[] one = new byte[1];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(length - 1, one, 0, 1);
    }
    return one[0];
  }

  /** Opens the journal for append (creating it), waiting while another writer holds the lease. */
  private FSDataOutputStream openForAppend() throws IOException {
    long deadline = System.nanoTime() + leaseTimeout.toNanos();
    long backoffMillis = 2;
    while (true) {
      try {
        try {
          return fs.append(path);
        } catch (FileNotFoundException missing) {
          return fs.create(path, false);
        }
      } catch (IOException e) {
        if (!isLeaseConflict(e) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis + 1));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the lease of " + path);
      }
      backoffMillis = Math.min(backoffMillis * 2, 50);
    }
  }

  private static boolean isLeaseConflict(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t instanceof RemoteException re ? re.getClassName() : t.getClass().getName();
      if (LEASE_CONFLICTS.contains(name.substring(name.lastIndexOf('.') + 1))) {
        return true;
      }
      if (t instanceof FileAlreadyExistsException) {
        return true; // a concurrent create won; append on the next round
      }
    }
    return false;
  }

  /** Closes the local lock channel and the file system client if the backend opened it. */
  @Override
  public void close() throws IOException {
    try {
      if (localLockChannel != null) {
        localLockChannel.close();
      }
    } finally {
      if (ownsFs) {
        fs.close();
      }
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
