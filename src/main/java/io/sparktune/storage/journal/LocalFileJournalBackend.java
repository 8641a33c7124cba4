package io.sparktune.storage.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal in one local file. Appends hold {@link LocalFileLock} (JVM lock + OS file lock), so
 * several threads and processes can write one journal, and write to the OS before they return. A
 * torn fragment left by a killed writer is truncated by the next append.
 *
 * <p>Forcing ({@link Durability}): with {@link Durability#DEVICE} (the default) and {@link
 * Durability#DEVICE_PIPELINED}, {@link #force} runs one {@link FileChannel#force} (fdatasync) that
 * covers every line written before it, and threads that wait for a force share it (group commit):
 * the first waiter forces, the others whose lines were written before that force started return
 * with it, and a thread whose lines came later waits for the next one. With {@code
 * DEVICE_PIPELINED}, {@link #pipelinesForces} lets {@link JournalStorage} run the force of a
 * finished trial in the background. {@link Durability#DEVICE_EVERY_APPEND} forces inside every
 * append, holding the lock; {@link Durability#PROCESS} never forces.
 *
 * <p>Test-only fault injection: if the system property {@value #HALT_AT_APPEND_PROPERTY} is
 * {@code n} or {@code type:n} ({@code n > 0}), the n-th append of this JVM (of an entry of that
 * type, such as {@code finish:2}) writes the first half of its bytes and then halts the JVM
 * ({@code Runtime.halt(137)}: a kill -9 in the middle of an append). It is read once, when the
 * class loads; never set it outside tests.
 */
public final class LocalFileJournalBackend implements JournalBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFileJournalBackend.class);

  /** Test-only: {@code [type:]n}, the n-th append (of that entry type) halts the JVM mid-write. */
  public static final String HALT_AT_APPEND_PROPERTY = "sparktune.test.journal.haltAtAppend";
  private static final String HALT_SPEC = System.getProperty(HALT_AT_APPEND_PROPERTY, "");
  private static final long HALT_AT_APPEND = HALT_SPEC.isEmpty() ? 0
      : Long.parseLong(HALT_SPEC.substring(HALT_SPEC.indexOf(':') + 1));
  private static final String HALT_TYPE = HALT_SPEC.indexOf(':') < 0 ? ""
      : "\"type\":\"" + HALT_SPEC.substring(0, HALT_SPEC.indexOf(':')) + "\"";
  private static final AtomicLong APPENDS = new AtomicLong();

  /** What an acknowledged operation survives. */
  public enum Durability {
    /** Written to the OS: survives a kill -9 of the process, not a power loss. Never forces. */
    PROCESS,
    /**
     * The default. Every append is written to the OS (survives a kill -9); an operation appended
     * with {@link
     * Commit#FORCE} is acknowledged after a device force (fdatasync) that covers it and every
     * earlier line, shared by concurrent waiters (group commit). Survives a power loss for the
     * forced operations and everything before them.
     */
    DEVICE,
    /**
     * {@link #DEVICE}, except that {@link JournalStorage} acknowledges a trial's
     * finish once it is written to the OS (it survives a kill -9 at once) and forces it in the
     * background, overlapping the fdatasync with the next trial's sampling and training; the
     * force completes before this storage acknowledges its next finish or closes. A power loss
     * can lose the last finish acknowledged (the trial replays as RUNNING and is retried), never
     * an earlier one. Other forced operations (study creation, enqueued trials, scheduler
     * decisions) wait for their force as with {@code DEVICE}. Measured on this project's shared
     * box it did not beat {@code DEVICE} consistently (docs/benchmarks-journal.md), so it is an
     * option for disks whose fdatasync is slow, not the default.
     */
    DEVICE_PIPELINED,
    /** Every append is forced before it returns, under the lock: one fdatasync per operation. */
    DEVICE_EVERY_APPEND
  }

  /** The device force; a hook so tests can count and hold forces. */
  @FunctionalInterface
  interface Forcer {
    void force(FileChannel channel) throws IOException;
  }

  private final Path file;
  private final FileChannel channel;
  private final Durability durability;
  private final Forcer forcer;
  /** A size at which this backend saw the file end in a complete line (skips the tail check). */
  private long cleanEnd = -1;

  // Group commit state, guarded by forceMonitor.
  private final Object forceMonitor = new Object();
  /** The end of the last line this backend wrote. */
  private long writtenEnd;
  /** Every byte before this offset was forced by this backend. */
  private long forcedEnd;
  /** True while one thread runs a force for everyone. */
  private boolean forcing;
  private int waiting;
  private long forces;

  /** A backend on {@code file} (created if missing) with {@link Durability#DEVICE}. */
  public LocalFileJournalBackend(Path file) throws IOException {
    this(file, Durability.DEVICE);
  }

  /** A backend on {@code file} (created if missing) with the given durability. */
  public LocalFileJournalBackend(Path file, Durability durability) throws IOException {
    this(file, durability, c -> c.force(false));
  }

  /** With a force hook (tests). */
  LocalFileJournalBackend(Path file, Durability durability, Forcer forcer) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    this.file = abs;
    this.channel = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    this.durability = java.util.Objects.requireNonNull(durability, "durability");
    this.forcer = forcer;
  }

  /** The durability chosen at construction. */
  public Durability durability() {
    return durability;
  }

  /** True with {@link Durability#DEVICE_PIPELINED}. */
  @Override
  public boolean pipelinesForces() {
    return durability == Durability.DEVICE_PIPELINED;
  }

  /** How many device forces (fdatasync) this backend has run. */
  public long forces() {
    synchronized (forceMonitor) {
      return forces;
    }
  }

  /** Threads waiting in {@link #force} for another thread's force (tests). */
  int waitingForForce() {
    synchronized (forceMonitor) {
      return waiting;
    }
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  @Override
  public Chunk read(long offset) throws IOException {
    long size = channel.size();
    if (size <= offset) {
      return new Chunk(List.of(), offset);
    }
    long n = size - offset;
    if (n > Integer.MAX_VALUE - 8) {
      n = Integer.MAX_VALUE - 8; // the rest on the next read
    }
    ByteBuffer buf = ByteBuffer.allocate((int) n);
    while (buf.hasRemaining()) {
      if (channel.read(buf, offset + buf.position()) < 0) {
        break;
      }
    }
    return Chunk.of(buf.array(), buf.position(), offset);
  }

  @Override
  public Appended append(List<String> lines, Commit commit) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    LocalFileLock lock = LocalFileLock.acquire(file, channel);
    try {
      long start = truncateTornTail(channel.size());
      long pos = start;
      if (HALT_AT_APPEND > 0 && lines.get(0).contains(HALT_TYPE)
          && APPENDS.incrementAndGet() == HALT_AT_APPEND) {
        bytes.limit(Math.max(1, bytes.limit() / 2));
        while (bytes.hasRemaining()) {
          pos += channel.write(bytes, pos);
        }
        Runtime.getRuntime().halt(137); // test-only: a kill -9 in the middle of an append
      }
      while (bytes.hasRemaining()) {
        pos += channel.write(bytes, pos);
      }
      if (durability == Durability.DEVICE_EVERY_APPEND) {
        forcer.force(channel);
      }
      cleanEnd = pos;
      synchronized (forceMonitor) {
        writtenEnd = Math.max(writtenEnd, pos);
        if (durability == Durability.DEVICE_EVERY_APPEND) {
          forcedEnd = writtenEnd;
          forces++;
        }
      }
      return new Appended(start, pos);
    } finally {
      lock.close();
    }
  }

  /**
   * With {@link Durability#DEVICE} or {@link Durability#DEVICE_PIPELINED}, returns once a device
   * force that started after {@code appended} was written has completed; concurrent callers share
   * one force (group commit).
   */
  @Override
  public void force(Appended appended) throws IOException {
    if (durability != Durability.DEVICE && durability != Durability.DEVICE_PIPELINED) {
      return;
    }
    long target;
    synchronized (forceMonitor) {
      while (forcedEnd < appended.end() && forcing) {
        waiting++;
        try {
          forceMonitor.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for a force of " + file);
        } finally {
          waiting--;
        }
      }
      if (forcedEnd >= appended.end()) {
        return; // a force that started after this append was written has covered it
      }
      forcing = true; // this thread leads: its force covers everything written so far
      target = writtenEnd;
    }
    boolean done = false;
    try {
      forcer.force(channel);
      done = true;
    } finally {
      synchronized (forceMonitor) {
        forcing = false;
        if (done) {
          forcedEnd = Math.max(forcedEnd, target);
          forces++;
        }
        forceMonitor.notifyAll();
      }
    }
  }

  /** Cuts a fragment without {@code '\n'} at the end (never acknowledged); returns the new size. */
  private long truncateTornTail(long size) throws IOException {
    if (size == 0 || size == cleanEnd || lastByteAt(size - 1) == '\n') {
      return size;
    }
    long end = size;
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (end > 0) {
      long from = Math.max(0, end - buf.capacity());
      buf.clear().limit((int) (end - from));
      while (buf.hasRemaining() && channel.read(buf, from + buf.position()) >= 0) {
        // fill
      }
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return truncate(size, from + i + 1);
        }
      }
      end = from;
    }
    return truncate(size, 0);
  }

  private long truncate(long size, long to) throws IOException {
    LOG.warn("Journal {} ended in a torn line of {} bytes (an append cut by a crash, never"
        + " acknowledged); removed it before appending", file, size - to);
    channel.truncate(to);
    return to;
  }

  private byte lastByteAt(long pos) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    channel.read(one, pos);
    return one.get(0);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
