package io.sparktune.storage.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.sparktune.space.Distribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operation of the journal, written as one JSON line {@code {"v":1,"type":...,"w":...,...}}.
 *
 * <p>The set is closed (format version 1). Every entry names the writer {@code w} that appended it.
 * Ids are never written by the writer's guess: the study id of a {@link CreateStudy} and the trial
 * id and number of a {@link CreateTrial} are their positions in the replayed log, so every reader
 * derives the same ids. An entry that is not valid where it lands (a parameter set on a trial that
 * another writer finished first) is a no-op on replay. Rung promotions and checkpoints are {@link
 * SetSystemAttr} entries with the keys documented in {@code docs/adr/0001-journal-format.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonIgnoreProperties({"v"}) // the version is checked by the codec before binding
@JsonSubTypes({
  @JsonSubTypes.Type(value = JournalEntry.CreateStudy.class, name = "createStudy"),
  @JsonSubTypes.Type(value = JournalEntry.CreateTrial.class, name = "createTrial"),
  @JsonSubTypes.Type(value = JournalEntry.ClaimWaiting.class, name = "claimWaiting"),
  @JsonSubTypes.Type(value = JournalEntry.SetParam.class, name = "setParam"),
  @JsonSubTypes.Type(value = JournalEntry.Report.class, name = "report"),
  @JsonSubTypes.Type(value = JournalEntry.SetUserAttr.class, name = "setUserAttr"),
  @JsonSubTypes.Type(value = JournalEntry.SetSystemAttr.class, name = "setSystemAttr"),
  @JsonSubTypes.Type(value = JournalEntry.Finish.class, name = "finish"),
  @JsonSubTypes.Type(value = JournalEntry.Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = JournalEntry.TornLine.class, name = "tornLine")
})
public sealed interface JournalEntry {

  /** The id of the writer (one {@link JournalStorage} instance) that appended this entry. */
  String w();

  /**
   * Creates a study; its id is the number of studies created before it.
   *
   * @param w writer id
   * @param name unique study name (a duplicate is a no-op)
   * @param direction minimize or maximize
   */
  record CreateStudy(String w, String name, Direction direction) implements JournalEntry {}

  /**
   * Creates a trial; its number is the number of trials of the study created before it.
   *
   * @param w writer id
   * @param at when it was created (its start time if RUNNING)
   * @param study the study id
   * @param state RUNNING or WAITING
   * @param systemAttrs initial system attributes (JSON values)
   */
  record CreateTrial(String w, Instant at, int study, TrialState state,
      Map<String, Object> systemAttrs) implements JournalEntry {
    public CreateTrial {
      systemAttrs = systemAttrs == null ? Map.of()
          : Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
    }
  }

  /**
   * Moves the oldest WAITING trial of the study (at this point of the log) to RUNNING.
   *
   * @param w writer id
   * @param at the trial's start time
   * @param study the study id
   */
  record ClaimWaiting(String w, Instant at, int study) implements JournalEntry {}

  /**
   * Sets a parameter of a RUNNING trial by its internal value.
   *
   * @param w writer id
   * @param trial the trial id
   * @param name parameter name
   * @param distribution its distribution
   * @param internal the internal value (a categorical's choice index)
   */
  record SetParam(String w, int trial, String name, Distribution distribution, double internal)
      implements JournalEntry {}

  /**
   * Reports an intermediate value of a RUNNING trial; a step already reported is kept.
   *
   * @param w writer id
   * @param trial the trial id
   * @param step the step, {@code >= 0}
   * @param value the value
   */
  record Report(String w, int trial, int step, double value) implements JournalEntry {}

  /**
   * Sets a user attribute.
   *
   * @param w writer id
   * @param trial the trial id
   * @param key attribute key
   * @param value a JSON value
   */
  record SetUserAttr(String w, int trial, String key, Object value) implements JournalEntry {}

  /**
   * Sets a system attribute (also rung promotions {@code completed_rung_<k>} and checkpoints
   * {@code checkpoint}).
   *
   * @param w writer id
   * @param trial the trial id
   * @param key attribute key
   * @param value a JSON value
   */
  record SetSystemAttr(String w, int trial, String key, Object value) implements JournalEntry {}

  /**
   * Finishes a trial that has not finished yet (the first finish in the log wins).
   *
   * @param w writer id
   * @param at completion time
   * @param trial the trial id
   * @param state COMPLETE, PRUNED or FAIL
   * @param value the value, or null
   * @param reason for a FAIL, the {@code fail_reason} system attribute set with it, or null
   */
  record Finish(String w, Instant at, int trial, TrialState state, Double value, String reason)
      implements JournalEntry {}

  /**
   * The driver running a trial is alive.
   *
   * @param w writer id
   * @param at when
   * @param trial the trial id
   */
  record Heartbeat(String w, Instant at, int trial) implements JournalEntry {}

  /**
   * No-op; written by a backend that cannot truncate directly after a torn fragment, so that the
   * fragment and this entry form one line that replay skips (see {@link
   * JournalBackend#TORN_LINE_MARKER}).
   *
   * @param w writer id, or null
   */
  record TornLine(String w) implements JournalEntry {}
}
