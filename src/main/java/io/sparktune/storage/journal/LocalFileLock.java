package io.sparktune.storage.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a local file across threads and processes: a JVM-wide lock per path (the OS
 * lock is per process) plus an OS {@link FileLock}, which the OS releases when the process dies,
 * so a kill -9 never leaves a stale lock. Used by the journal backends on local disk.
 */
public final class LocalFileLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final ReentrantLock jvmLock;
  private final FileLock osLock;

  private LocalFileLock(ReentrantLock jvmLock, FileLock osLock) {
    this.jvmLock = jvmLock;
    this.osLock = osLock;
  }

  /**
   * Blocks until this thread holds the lock of {@code file}.
   *
   * @param file the locked file, as an absolute normalized path (the key of the JVM-wide lock)
   * @param channel a writable channel open on {@code file}
   * @return the held lock; close it to release
   * @throws IOException if the OS lock fails
   */
  public static LocalFileLock acquire(Path file, FileChannel channel) throws IOException {
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, k -> new ReentrantLock());
    jvm.lock();
    try {
      return new LocalFileLock(jvm, channel.lock());
    } catch (IOException | RuntimeException | Error e) {
      jvm.unlock();
      throw e;
    }
  }

  /** Releases the OS lock, then the JVM-wide lock. */
  @Override
  public void close() throws IOException {
    try {
      if (osLock.channel().isOpen()) {
        osLock.release();
      }
    } finally {
      jvmLock.unlock();
    }
  }
}
