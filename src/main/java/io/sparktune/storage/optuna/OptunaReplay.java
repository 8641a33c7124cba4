package io.sparktune.storage.optuna;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an Optuna journal as {@code JournalStorageReplayResult.apply_logs} does (Optuna 3.1's
 * {@code storages/_journal/storage.py} and the current line's {@code
 * storages/journal/_storage.py}):
 * ids from the order of the operations, operations on missing studies or on finished trials
 * ignored. What Optuna itself could not read (an unknown operation, a distribution class it does
 * not know, a line that is no JSON) is an error that names the line and the operation.
 */
final class OptunaReplay {
  private static final Logger LOG = LoggerFactory.getLogger(OptunaReplay.class);

  /** Optuna's {@code JournalOperation} codes, by value. */
  static final List<String> OPERATIONS = List.of("CREATE_STUDY", "DELETE_STUDY",
      "SET_STUDY_USER_ATTR", "SET_STUDY_SYSTEM_ATTR", "CREATE_TRIAL", "SET_TRIAL_PARAM",
      "SET_TRIAL_STATE_VALUES", "SET_TRIAL_INTERMEDIATE_VALUE", "SET_TRIAL_USER_ATTR",
      "SET_TRIAL_SYSTEM_ATTR", "DISCARD_TRIALS");
  /** Optuna's {@code TrialState} by value. */
  static final List<TrialState> STATES = List.of(TrialState.RUNNING, TrialState.COMPLETE,
      TrialState.PRUNED, TrialState.FAIL, TrialState.WAITING);

  private final String source;
  private final ZoneId zone;
  private final Map<Integer, Study> studies = new LinkedHashMap<>();
  private final List<Trial> trials = new ArrayList<>();
  private int nextStudyId;
  private long line;
  private String op = "";

  private static final class Study {
    final int id;
    final String name;
    final List<Direction> directions;
    final long line;
    final Map<String, Object> userAttrs = new LinkedHashMap<>();
    final Map<String, Object> systemAttrs = new LinkedHashMap<>();
    final List<Trial> trials = new ArrayList<>();

    Study(int id, String name, List<Direction> directions, long line) {
      this.id = id;
      this.name = name;
      this.directions = directions;
      this.line = line;
    }
  }

  private static final class Trial {
    int id;
    int number;
    TrialState state = TrialState.RUNNING;
    List<Double> values;
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Distribution> distributions = new LinkedHashMap<>();
    final TreeMap<Integer, Double> intermediate = new TreeMap<>();
    final Map<String, Object> userAttrs = new LinkedHashMap<>();
    final Map<String, Object> systemAttrs = new LinkedHashMap<>();
    Instant start;
    Instant complete;
    Study study;
  }

  private OptunaReplay(String source, ZoneId zone) {
    this.source = source;
    this.zone = zone;
  }

  /** Replays the journal's bytes; a last line without {@code '\n'} is left out, with a warning. */
  static List<OptunaStudy> replay(byte[] journal, String source, ZoneId zone) {
    OptunaReplay r = new OptunaReplay(source, zone);
    int from = 0;
    for (int i = 0; i < journal.length; i++) {
      if (journal[i] == '\n') {
        r.line++;
        String text = new String(journal, from, i - from, StandardCharsets.UTF_8);
        if (!text.isBlank()) {
          r.apply(text);
        }
        from = i + 1;
      }
    }
    if (from < journal.length) {
      LOG.warn("Optuna journal {} ends in an incomplete line of {} bytes after line {} (a write"
          + " in progress or cut by a crash); it is ignored, as Optuna ignores it", source,
          journal.length - from, r.line);
    }
    List<OptunaStudy> out = new ArrayList<>();
    for (Study s : r.studies.values()) {
      out.add(new OptunaStudy(s.name, s.directions, s.userAttrs, s.systemAttrs,
          s.trials.stream().map(t -> freeze(t, s.directions.size())).toList(),
          "Optuna journal " + source + " line " + s.line));
    }
    return out;
  }

  private static FrozenTrial freeze(Trial t, int objectives) {
    Double value = objectives == 1 && t.values != null && t.values.size() == 1
        ? t.values.get(0) : null;
    return new FrozenTrial(t.id, t.number, t.state, value, t.params, t.distributions,
        t.intermediate, t.userAttrs, t.systemAttrs, t.start, t.complete);
  }

  private IllegalArgumentException bad(String format, Object... args) {
    return new IllegalArgumentException(String.format(Locale.ROOT, "Optuna journal %s line %d"
        + "%s: %s", source, line, op.isEmpty() ? "" : " (" + op + ")",
        String.format(Locale.ROOT, format, args)));
  }

  private void apply(String text) {
    op = "";
    JsonNode log;
    try {
      log = OptunaJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad("must be a JSON object, but got '%s'", abbreviate(text));
    }
    if (!(log instanceof ObjectNode)) {
      throw bad("must be a JSON object, but got '%s'", abbreviate(text));
    }
    JsonNode code = log.get("op_code");
    if (code == null || !code.canConvertToInt() || !code.isIntegralNumber()
        || code.intValue() < 0 || code.intValue() >= OPERATIONS.size()) {
      throw bad("op_code must be one of 0..%d (%s), but got %s; the journal was written by an"
          + " Optuna version whose format sparktune does not know", OPERATIONS.size() - 1,
          String.join(", ", OPERATIONS), code == null ? "none" : code);
    }
    op = OPERATIONS.get(code.intValue());
    try {
      switch (code.intValue()) {
        case 0 -> createStudy(log);
        case 1 -> deleteStudy(log);
        case 2 -> studyAttr(log, "user_attr", true);
        case 3 -> studyAttr(log, "system_attr", false);
        case 4 -> createTrial(log);
        case 5 -> setParam(log);
        case 6 -> setStateValues(log);
        case 7 -> setIntermediate(log);
        case 8 -> trialAttr(log, "user_attr", true);
        case 9 -> trialAttr(log, "system_attr", false);
        default -> LOG.warn("Optuna journal {} line {}: {} is ignored, as Optuna ignores it",
            source, line, op);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Optuna journal ")) {
        throw e;
      }
      throw bad("%s", e.getMessage());
    }
  }

  private void createStudy(JsonNode log) {
    String name = text(log, "study_name");
    JsonNode dirs = log.get("directions");
    if (dirs == null || !dirs.isArray() || dirs.isEmpty()) {
      throw bad("directions must be a non-empty list, but got %s", dirs == null ? "none" : dirs);
    }
    List<Direction> directions = new ArrayList<>();
    for (JsonNode d : dirs) {
      if (!d.isIntegralNumber() || d.intValue() < 1 || d.intValue() > 2) {
        throw bad("directions must hold 1 (MINIMIZE) or 2 (MAXIMIZE), but got %s", dirs);
      }
      directions.add(d.intValue() == 1 ? Direction.MINIMIZE : Direction.MAXIMIZE);
    }
    if (studies.values().stream().anyMatch(s -> s.name.equals(name))) {
      return; // Optuna: a duplicate name is a no-op for every reader but its writer
    }
    int id = nextStudyId++;
    studies.put(id, new Study(id, name, directions, line));
  }

  private void deleteStudy(JsonNode log) {
    studies.remove(integer(log, "study_id"));
  }

  private void studyAttr(JsonNode log, String key, boolean user) {
    Study s = studies.get(integer(log, "study_id"));
    if (s != null) {
      putAll(user ? s.userAttrs : s.systemAttrs, log, key);
    }
  }

  private void createTrial(JsonNode log) {
    Study s = studies.get(integer(log, "study_id"));
    if (s == null) {
      return;
    }
    Trial t = new Trial();
    t.id = trials.size();
    t.number = s.trials.size();
    t.study = s;
    JsonNode dists = log.path("distributions");
    dists.fields().forEachRemaining(e ->
        t.distributions.put(e.getKey(), OptunaJson.distributionFromJson(e.getKey(), e.getValue())));
    log.path("params").fields().forEachRemaining(e -> {
      Distribution d = t.distributions.get(e.getKey());
      if (d == null) {
        throw bad("params.%s must have a distribution, but got none in %s", e.getKey(),
            dists.isMissingNode() ? "{}" : dists);
      }
      t.params.put(e.getKey(), external(e.getKey(), d, e.getValue()));
    });
    t.start = datetime(log, "datetime_start");
    t.complete = datetime(log, "datetime_complete");
    if (log.hasNonNull("state")) {
      t.state = state(log.get("state"));
    }
    t.values = values(log);
    putAll(t.userAttrs, log.path("user_attrs"));
    putAll(t.systemAttrs, log.path("system_attrs"));
    Iterator<Map.Entry<String, JsonNode>> iv = log.path("intermediate_values").fields();
    while (iv.hasNext()) {
      Map.Entry<String, JsonNode> e = iv.next();
      int step;
      try {
        step = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException x) {
        throw bad("intermediate_values must have integer steps, but got '%s'", e.getKey());
      }
      t.intermediate.put(step, number(e.getValue(), "intermediate_values." + e.getKey()));
    }
    trials.add(t);
    s.trials.add(t);
  }

  /** The trial if it exists and is not finished (Optuna's {@code _trial_exists_and_updatable}). */
  private Trial updatable(JsonNode log) {
    int id = integer(log, "trial_id");
    if (id < 0 || id >= trials.size() || trials.get(id).state.isFinished()) {
      return null;
    }
    return trials.get(id);
  }

  private void setParam(JsonNode log) {
    Trial t = updatable(log);
    if (t == null) {
      return;
    }
    String name = text(log, "param_name");
    Distribution d = OptunaJson.distributionFromJson(name, log.get("distribution"));
    for (Trial prev : t.study.trials) {
      Distribution old = prev.distributions.get(name);
      if (old != null) {
        if (!compatible(old, d)) {
          return; // Optuna: check_distribution_compatibility fails, a no-op for other readers
        }
        break;
      }
    }
    t.params.put(name, external(name, d, log.get("param_value_internal")));
    t.distributions.put(name, d);
  }

  private static boolean compatible(Distribution a, Distribution b) {
    if (a instanceof CategoricalDistribution x) {
      return b instanceof CategoricalDistribution y && x.choices().equals(y.choices());
    }
    return a.getClass() == b.getClass();
  }

  private void setStateValues(JsonNode log) {
    Trial t = updatable(log);
    if (t == null) {
      return;
    }
    TrialState state = state(log.get("state"));
    if (state == TrialState.RUNNING && t.state == TrialState.RUNNING) {
      return;
    }
    if (state == TrialState.RUNNING) {
      t.start = datetime(log, "datetime_start");
    }
    if (state.isFinished()) {
      t.complete = datetime(log, "datetime_complete");
    }
    t.state = state;
    List<Double> values = values(log);
    if (values != null) {
      t.values = values;
    }
  }

  private void setIntermediate(JsonNode log) {
    Trial t = updatable(log);
    if (t != null) {
      t.intermediate.put(integer(log, "step"),
          number(log.get("intermediate_value"), "intermediate_value"));
    }
  }

  private void trialAttr(JsonNode log, String key, boolean user) {
    Trial t = updatable(log);
    if (t != null) {
      putAll(user ? t.userAttrs : t.systemAttrs, log, key);
    }
  }

  // ---------------------------------------------------------------- fields

  private Object external(String name, Distribution d, JsonNode internal) {
    double v = number(internal, "the internal value of '" + name + "'");
    if (!d.contains(v)) {
      throw bad("the internal value of '%s' must lie in %s, but got %s", name, d, internal);
    }
    return d.toExternal(v);
  }

  private TrialState state(JsonNode n) {
    if (n == null || !n.isIntegralNumber() || n.intValue() < 0 || n.intValue() >= STATES.size()) {
      throw bad("state must be one of 0..4 (RUNNING, COMPLETE, PRUNED, FAIL, WAITING), but got %s",
          n == null ? "none" : n);
    }
    return STATES.get(n.intValue());
  }

  /** {@code values} if given, else {@code value} as a one-element list, else null. */
  private List<Double> values(JsonNode log) {
    JsonNode vs = log.get("values");
    if (vs != null && !vs.isNull()) {
      if (!vs.isArray()) {
        throw bad("values must be a list of numbers or null, but got %s", vs);
      }
      List<Double> out = new ArrayList<>();
      vs.forEach(v -> out.add(number(v, "values")));
      return out;
    }
    JsonNode v = log.get("value");
    return v == null || v.isNull() ? null : List.of(number(v, "value"));
  }

  private Instant datetime(JsonNode log, String key) {
    JsonNode n = log.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      return OptunaJson.parseDatetime(n.asText(), zone);
    } catch (IllegalArgumentException e) {
      throw bad("%s %s", key, e.getMessage());
    }
  }

  private double number(JsonNode n, String what) {
    if (n == null || !n.isNumber()) {
      throw bad("%s must be a number, but got %s", what, n == null ? "none" : n);
    }
    return n.doubleValue();
  }

  private int integer(JsonNode log, String key) {
    JsonNode n = log.get(key);
    if (n == null || !n.isIntegralNumber()) {
      throw bad("%s must be an integer, but got %s", key, n == null ? "none" : n);
    }
    return n.intValue();
  }

  private String text(JsonNode log, String key) {
    JsonNode n = log.get(key);
    if (n == null || !n.isTextual()) {
      throw bad("%s must be a string, but got %s", key, n == null ? "none" : n);
    }
    return n.textValue();
  }

  private void putAll(Map<String, Object> into, JsonNode log, String key) {
    JsonNode attr = log.get(key);
    if (attr == null || !attr.isObject()) {
      throw bad("%s must be a mapping, but got %s", key, attr == null ? "none" : attr);
    }
    putAll(into, attr);
  }

  private static void putAll(Map<String, Object> into, JsonNode attrs) {
    attrs.fields().forEachRemaining(e -> into.put(e.getKey(), OptunaJson.value(e.getValue())));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
