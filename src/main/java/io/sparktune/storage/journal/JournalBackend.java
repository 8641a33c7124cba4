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
 *   <li>{@link #append} writes its lines contiguously, after every line appended before it by any
 *       writer (in any process), and returns only when they are durable: a kill -9 of the caller
 *       right after the return loses nothing. Concurrent appenders are serialized.
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
   * Appends lines durably and atomically with respect to other appenders.
   *
   * @param lines lines without {@code '\n'}
   * @return the byte range the lines occupy
   * @throws IOException if the lines may not have been written
   */
  Appended append(List<String> lines) throws IOException;

  /** Releases resources; the default does nothing. */
  @Override
  default void close() throws IOException {}

  /**
   * Lines read from a journal.
   *
   * @param lines complete lines, without {@code '\n'}
   * @param nextOffset the byte offset after the last returned line
   */
  record Chunk(List<String> lines, long nextOffset) {
    public Chunk {
      lines = List.copyOf(lines);
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
      return new Chunk(lines, startOffset + from);
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
