package io.sparktune.storage.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A journal in one local file. Appends hold {@link LocalFileLock} (JVM lock + OS file lock), so
 * several threads and processes can write one journal; each append ends with {@link
 * FileChannel#force} unless {@link Durability#PROCESS} was chosen. A torn fragment left by a killed
 * writer is truncated by the next append.
 */
public final class LocalFileJournalBackend implements JournalBackend {

  /** What an acknowledged append survives. */
  public enum Durability {
    /** Written to the OS: survives a kill -9 of the process, not a power loss. */
    PROCESS,
    /** Written and forced to the device (fdatasync): survives a power loss too. The default. */
    DEVICE
  }

  private final Path file;
  private final FileChannel channel;
  private final Durability durability;
  /** A size at which this backend saw the file end in a complete line (skips the tail check). */
  private long cleanEnd = -1;

  /** A backend on {@code file} (created if missing) that forces every append to the device. */
  public LocalFileJournalBackend(Path file) throws IOException {
    this(file, Durability.DEVICE);
  }

  /** A backend on {@code file} (created if missing) with the given durability. */
  public LocalFileJournalBackend(Path file, Durability durability) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    this.file = abs;
    this.channel = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    this.durability = durability;
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
  public Appended append(List<String> lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    LocalFileLock lock = LocalFileLock.acquire(file, channel);
    try {
      long start = truncateTornTail(channel.size());
      long pos = start;
      while (bytes.hasRemaining()) {
        pos += channel.write(bytes, pos);
      }
      if (durability == Durability.DEVICE) {
        channel.force(false);
      }
      cleanEnd = pos;
      return new Appended(start, pos);
    } finally {
      lock.close();
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
          channel.truncate(from + i + 1);
          return from + i + 1;
        }
      }
      end = from;
    }
    channel.truncate(0);
    return 0;
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
