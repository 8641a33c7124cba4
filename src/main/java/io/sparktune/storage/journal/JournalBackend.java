package io.sparktune.storage.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where journal lines live: an append-only sequence of UTF-8 lines, each ended by {@code '\n'}.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #append(List, Commit)} writes its lines contiguously, after every line appended
 *       before it by any writer (in any process), and returns only when a kill -9 of the caller
 *       right after the return loses nothing (the lines are in the OS, or acknowledged by the
 *       HDFS pipeline). Concurrent appenders are serialized.
 *   <li>{@link #force} returns only when the appended lines, and every line before them, survive
 *       what the backend promises beyond a process kill (a power loss, for a backend that forces
 *       to the device). A backend that forces as part of a {@link Commit#FORCE} append does
 *       nothing here; one that forces separately lets concurrent callers share one device force
 *       (group commit). An operation appended with {@link Commit#FORCE} is acknowledged only
 *       after {@code force} returned.
 *   <li>{@link #read} returns complete lines only. A trailing fragment without {@code '\n'} (an
 *       append in progress, or one torn by a crash) is not returned until it is completed.
 *   <li>Before appending after a torn fragment left by a dead writer, the backend removes it
 *       (truncates), or, if it cannot, appends {@link #TORN_LINE_MARKER} to it, so the fragment and
 *       the marker form one line that replay skips.
 * </ul>
 */
public interface JournalBackend extends Closeable {

  /** The v1 no-op entry that closes a torn fragment into a line replay skips. */
  String TORN_LINE_MARKER = "{\"v\":1,\"type\":\"tornLine\"}";

  /**
   * Complete lines starting at byte {@code offset}.
   *
   * @param offset a byte offset returned earlier as {@link Chunk#nextOffset}, or 0
   * @return the lines (without {@code '\n'}) and the offset just after the last one
   * @throws IOException if the journal cannot be read
   */
  Chunk read(long offset) throws IOException;

  /**
   * Appends lines atomically with respect to other appenders; on return they survive a kill -9 of
   * the calling process.
   *
   * @param lines lines without {@code '\n'}
   * @param commit {@link Commit#FORCE} if the caller will acknowledge the lines only after {@link
   *     #force}: a backend that can force only while appending (HDFS {@code hsync}) does it now
   * @return the byte range the lines occupy
   * @throws IOException if the lines may not have been written
   */
  Appended append(List<String> lines, Commit commit) throws IOException;

  /**
   * Appends lines and forces them: {@link #append(List, Commit)} with {@link Commit#FORCE}, then
   * {@link #force}.
   *
   * @param lines lines without {@code '\n'}
   * @return the byte range the lines occupy
   * @throws IOException if the lines may not have been written or forced
   */
  default Appended append(List<String> lines) throws IOException {
    Appended at = append(lines, Commit.FORCE);
    force(at);
    return at;
  }

  /**
   * Returns once the lines of {@code appended}, and every line before them in the journal, are as
   * durable as the backend can make them (on the device, for a forcing backend). Concurrent
   * callers may share one force. The default does nothing: for backends whose {@link
   * Commit#FORCE} appends are already forced, or that never force.
   *
   * @param appended what an earlier {@link #append(List, Commit)} of this backend returned
   * @throws IOException if the force failed (the lines may not survive a power loss)
   */
  default void force(Appended appended) throws IOException {}

  /**
   * Whether {@link JournalStorage} may acknowledge a finished trial before its {@link #force}
   * returned, running the force in the background and waiting for it before it acknowledges the
   * next finish or closes. The default is false: every {@link Commit#FORCE} operation waits.
   */
  default boolean pipelinesForces() {
    return false;
  }

  /** Releases resources; the default does nothing. */
  @Override
  default void close() throws IOException {}

  /** Whether an appended operation is acknowledged before or after a device force. */
  enum Commit {
    /** Acknowledged once written to the OS: survives a kill -9 of the writer, not a power loss. */
    WRITE,
    /**
     * Acknowledged after {@link #force}: survives a power loss too (if the backend forces), and so
     * does every line before it.
     */
    FORCE
  }

  /**
   * Lines read from a journal.
   *
   * @param lines complete lines, without {@code '\n'}
   * @param nextOffset the byte offset after the last returned line
   * @param fragmentBytes the bytes after {@code nextOffset} that end in no {@code '\n'} (a torn or
   *     unfinished line, left out), or 0
   */
  record Chunk(List<String> lines, long nextOffset, long fragmentBytes) {
    public Chunk {
      lines = List.copyOf(lines);
    }

    /** Complete lines with nothing after them. */
    public Chunk(List<String> lines, long nextOffset) {
      this(lines, nextOffset, 0);
    }

    /**
     * Splits {@code bytes[0, length)}, read at byte {@code startOffset}, into complete UTF-8 lines;
     * a trailing fragment without {@code '\n'} is left out.
     */
    public static Chunk of(byte[] bytes, int length, long startOffset) {
      List<String> lines = new ArrayList<>();
      int from = 0;
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          lines.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
          from = i + 1;
        }
      }
      return new Chunk(lines, startOffset + from, length - from);
    }
  }

  /**
   * Where an append landed.
   *
   * @param start byte offset of the first appended line
   * @param end byte offset after the last appended line
   */
  record Appended(long start, long end) {}
}
