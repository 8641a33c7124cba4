package io.sparktune.storage.optuna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.storage.Storage;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.LogCapture;
import io.sparktune.trial.TrialState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Optuna journals without Python: the current line's published asset, and errors. */
final class OptunaJournalTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final String W = "\"worker_id\":\"w-1\"";

  private static final String STUDY = "{\"op_code\":0," + W + ",\"study_name\":\"s\","
      + "\"directions\":[1]}";

  private static List<OptunaStudy> read(String... lines) {
    return OptunaJournal.read((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
        "j.log", PARIS);
  }

  @Test
  void read_optunasOwnCurrentLineAsset_replaysLikeOptuna() throws Exception {
    byte[] asset;
    try (InputStream in = getClass().getResourceAsStream("/optuna/4.0.0.dev.log")) {
      asset = in.readAllBytes();
    }
    List<OptunaStudy> studies = OptunaJournal.read(asset, "4.0.0.dev.log", ZoneOffset.UTC);

    // As Optuna's test_log_compatibility.py: 4 studies, the deleted one gone, attrs, 10 trials.
    assertThat(studies).extracting(OptunaStudy::name).containsExactly("single_empty",
        "single_user_attr", "single_system_attr", "single_optimization");
    assertThat(studies.get(1).userAttrs()).isEqualTo(Map.of("a", 1, "b", 2, "c", 3));
    assertThat(studies.get(2).systemAttrs()).isEqualTo(Map.of("A", 1, "B", 2, "C", 3));
    OptunaStudy opt = studies.get(3);
    assertThat(opt.direction()).isEqualTo(Direction.MINIMIZE);
    assertThat(opt.trials()).hasSize(10).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      double x = (Double) t.params().get("x");
      long y = (Long) t.params().get("y");
      long z = ((Number) t.params().get("z")).longValue();
      assertThat(t.value()).isCloseTo(x * x + y * y + z * z,
          org.assertj.core.data.Offset.offset(1e-9));
      assertThat(t.intermediateValues()).isEqualTo(Map.of(0, 0.5));
      assertThat(t.userAttrs()).isEqualTo(Map.of("a_" + t.number(), 0));
      assertThat(t.systemAttrs()).isEqualTo(Map.of("b_" + t.number(), 1));
    });
    FrozenTrial first = opt.trials().get(0);
    assertThat(first.value()).isEqualTo(21.263949809511352);
    assertThat(first.distributions()).containsEntry("x", FloatDistribution.uniform(-5, 5))
        .containsEntry("y", IntDistribution.uniform(0, 10));
    assertThat(first.datetimeStart()).isEqualTo(Instant.parse("2024-06-07T17:27:27.682770Z"));
    assertThat(first.datetimeComplete()).isEqualTo(Instant.parse("2024-06-07T17:27:27.689197Z"));
  }

  @Test
  void read_currentLineForm_utcOffsetsCompactJsonAndDiscardTrials() {
    try (LogCapture log = LogCapture.of(OptunaReplay.class)) {
      List<OptunaStudy> s = read(
          "{\"op_code\":0," + W + ",\"study_name\":\"s\",\"directions\":[2]}",
          "{\"op_code\":4," + W + ",\"study_id\":0,"
              + "\"datetime_start\":\"2025-03-01T10:00:00.000001+00:00\"}",
          "{\"op_code\":5," + W + ",\"trial_id\":0,\"param_name\":\"lr\","
              + "\"param_value_internal\":0.01,\"distribution\":\"{\\\"name\\\":"
              + " \\\"LogUniformDistribution\\\", \\\"attributes\\\":"
              + " {\\\"low\\\": 0.001, \\\"high\\\": 1.0}}\"}",
          "{\"op_code\":10," + W + ",\"study_id\":0,\"trial_ids\":[0]}",
          "{\"op_code\":6," + W + ",\"trial_id\":0,\"state\":1,\"values\":[0.5],"
              + "\"datetime_complete\":\"2025-03-01T10:00:02.5+00:00\"}",
          "{\"op_code\":7," + W + ",\"trial_id\":0,\"step\":1,\"intermediate_value\":9}");
      FrozenTrial t = s.get(0).trials().get(0);
      assertThat(s.get(0).direction()).isEqualTo(Direction.MAXIMIZE);
      assertThat(t.datetimeStart()).isEqualTo(Instant.parse("2025-03-01T10:00:00.000001Z"));
      assertThat(t.datetimeComplete()).isEqualTo(Instant.parse("2025-03-01T10:00:02.5Z"));
      assertThat(t.params()).isEqualTo(Map.of("lr", 0.01));
      assertThat(t.distributions().get("lr")).isEqualTo(FloatDistribution.logUniform(0.001, 1));
      assertThat(t.value()).isEqualTo(0.5);
      assertThat(t.intermediateValues()).as("a report after the finish is ignored").isEmpty();
      assertThat(log.lines()).containsExactly("WARN Optuna journal j.log line 4: DISCARD_TRIALS"
          + " is ignored, as Optuna ignores it");
    }
  }

  @Test
  void read_optuna31LocalTimes_readInTheGivenZone_andATornLastLineIsIgnoredWithAWarning() {
    byte[] bytes = ("{\"op_code\": 0, " + W + ", \"study_name\": \"s\", \"directions\": [1]}\n"
        + "{\"op_code\": 4, " + W + ", \"study_id\": 0, \"datetime_start\":"
        + " \"2025-07-01T12:00:00.250000\"}\n{\"op_code\": 6, \"wor")
        .getBytes(StandardCharsets.UTF_8);
    try (LogCapture log = LogCapture.of(OptunaReplay.class)) {
      FrozenTrial t = OptunaJournal.read(bytes, "j.log", PARIS).get(0).trials().get(0);
      assertThat(t.datetimeStart()).isEqualTo(Instant.parse("2025-07-01T10:00:00.25Z"));
      assertThat(t.state()).isEqualTo(TrialState.RUNNING);
      assertThat(log.lines()).containsExactly("WARN Optuna journal j.log ends in an incomplete"
          + " line of 19 bytes after line 2 (a write in progress or cut by a crash); it is"
          + " ignored, as Optuna ignores it");
    }
  }

  @Test
  void read_unknownOperation_namesLineAndOperation() {
    assertThatThrownBy(() -> read(STUDY,
        "{\"op_code\":11," + W + ",\"study_id\":0}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Optuna journal j.log line 2: op_code must be one of 0..10 (CREATE_STUDY,"
            + " DELETE_STUDY, SET_STUDY_USER_ATTR, SET_STUDY_SYSTEM_ATTR, CREATE_TRIAL,"
            + " SET_TRIAL_PARAM, SET_TRIAL_STATE_VALUES, SET_TRIAL_INTERMEDIATE_VALUE,"
            + " SET_TRIAL_USER_ATTR, SET_TRIAL_SYSTEM_ATTR, DISCARD_TRIALS), but got 11; the"
            + " journal was written by an Optuna version whose format sparktune does not know");
  }

  @Test
  void read_unsupportedDistribution_namesLineOperationAndParameter() {
    assertThatThrownBy(() -> read(STUDY,
        "{\"op_code\":4," + W + ",\"study_id\":0,\"datetime_start\":\"2025-01-01T00:00:00\"}",
        "{\"op_code\":5," + W + ",\"trial_id\":0,\"param_name\":\"u\",\"param_value_internal\":1,"
            + "\"distribution\":\"{\\\"name\\\": \\\"UnitSphereDistribution\\\","
            + " \\\"attributes\\\": {}}\"}"))
        .hasMessage("Optuna journal j.log line 3 (SET_TRIAL_PARAM): distribution of 'u' must be"
            + " one of [FloatDistribution, IntDistribution, CategoricalDistribution,"
            + " UniformDistribution, LogUniformDistribution, DiscreteUniformDistribution,"
            + " IntUniformDistribution, IntLogUniformDistribution], but got"
            + " 'UnitSphereDistribution'");
  }

  @Test
  void read_notJsonOrBadFields_namesTheLine() {
    assertThatThrownBy(() -> read("{\"v\":1,\"type\":\"createStudy\"}"))
        .hasMessageStartingWith("Optuna journal j.log line 1: op_code must be one of 0..10");
    assertThatThrownBy(() -> read("not json"))
        .hasMessage("Optuna journal j.log line 1: must be a JSON object, but got 'not json'");
    assertThatThrownBy(() -> read(STUDY.replace("[1]", "[0]")))
        .hasMessage("Optuna journal j.log line 1 (CREATE_STUDY): directions must hold 1"
            + " (MINIMIZE) or 2 (MAXIMIZE), but got [0]");
    assertThatThrownBy(() -> read(STUDY,
        "{\"op_code\":4," + W + ",\"study_id\":0,\"datetime_start\":\"yesterday\"}"))
        .hasMessage("Optuna journal j.log line 2 (CREATE_TRIAL): datetime_start must be an"
            + " ISO-8601 datetime, but got 'yesterday'");
  }

  @Test
  void copy_multiObjectiveStudy_isRefusedNamingItsLine() {
    OptunaStudy s = read("{\"op_code\":0," + W + ",\"study_name\":\"mo\",\"directions\":[1,2]}")
        .get(0);
    assertThatThrownBy(() -> OptunaJournal.copy(s, "mo", Storage.inMemory(), new ImportClock()))
        .hasMessage("study 'mo' must have one objective to be a sparktune study, but got 2"
            + " directions [minimize, maximize] (Optuna journal j.log line 1, CREATE_STUDY)");
  }
}
