package io.sparktune.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.trial.Direction;
import io.sparktune.trial.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails are never dropped silently: opening and appending say how many bytes they drop. */
final class JournalTornTailTest {
  @TempDir
  Path dir;

  @Test
  void open_tornLastLine_isLeftOutWithAWarningNamingItsBytes_andTheNextAppendRemovesIt()
      throws Exception {
    Path file = dir.resolve("j.jsonl");
    try (JournalStorage s = JournalStorage.open(file)) {
      s.createStudy("a", Direction.MINIMIZE);
    }
    String torn = "{\"v\":1,\"type\":\"createStudy\",\"w\":\"dead\",\"na";
    Files.writeString(file, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    long size = Files.size(file);
    try (LogCapture storageLog = LogCapture.of(JournalStorage.class);
        LogCapture backendLog = LogCapture.of(LocalFileJournalBackend.class);
        JournalStorage s = JournalStorage.open(file)) {
      assertThat(s.studies()).hasSize(1);
      assertThat(storageLog.lines()).containsExactly("WARN Journal " + file + " ends in a torn"
          + " line of " + torn.length() + " bytes after line 1 (an append in progress by another"
          + " writer, or cut by a crash and never acknowledged); it is not replayed, and the next"
          + " append completes or removes it");
      s.createStudy("b", Direction.MAXIMIZE);
      assertThat(backendLog.lines()).containsExactly("WARN Journal " + file + " ended in a torn"
          + " line of " + torn.length() + " bytes (an append cut by a crash, never acknowledged);"
          + " removed it before appending");
      assertThat(s.studies()).hasSize(2);
      assertThat(storageLog.lines()).hasSize(1); // a later read does not repeat the warning
    }
    assertThat(Files.readString(file)).doesNotContain("\"dead\"");
    assertThat(Files.size(file)).isGreaterThan(size - torn.length());
  }

  @Test
  void open_tornLineClosedByTheMarker_isSkippedWithAWarningNamingItsBytes() throws Exception {
    Path file = dir.resolve("k.jsonl");
    try (JournalStorage s = JournalStorage.open(file)) {
      s.createStudy("a", Direction.MINIMIZE);
    }
    String torn = "{\"v\":1,\"type\":\"crea";
    Files.writeString(file, torn + JournalBackend.TORN_LINE_MARKER + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (LogCapture log = LogCapture.of(JournalStorage.class);
        JournalStorage s = JournalStorage.open(file)) {
      assertThat(s.studies()).hasSize(1);
      assertThat(log.lines()).containsExactly("WARN Journal " + file + " line 2: skipped a torn"
          + " line of " + torn.length() + " bytes (an append cut by a crash, never acknowledged,"
          + " closed by a later writer)");
    }
  }
}
