package io.sparktune.storage.optuna;

import static io.sparktune.internal.Checks.require;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.storage.Storage;
import io.sparktune.storage.StudyInfo;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sparktune studies in Optuna's journal format (the operation log that Optuna's {@code
 * JournalStorage} with {@code JournalFileStorage} / {@code JournalFileBackend} reads, and
 * optuna-dashboard opens), and back. See docs/adr/0013-optuna-interop.md.
 *
 * <pre>{@code
 * OptunaJournal.export(storage, storage.studies(), out, ZoneId.systemDefault());
 * List<OptunaStudy> studies = OptunaJournal.read(bytes, "optuna.log", ZoneId.systemDefault());
 * OptunaJournal.copy(studies.get(0), "imported", target, clock);
 * }</pre>
 */
public final class OptunaJournal {
  private OptunaJournal() {}

  /**
   * Writes {@code studies} of {@code storage} as an Optuna journal: per study one {@code
   * CREATE_STUDY} line and one {@code CREATE_TRIAL} line per trial holding the whole trial (state,
   * value, distributions, params in Optuna's internal representation, intermediate values, user
   * and system attributes, datetimes as local time in {@code zone}), as Optuna's {@code
   * add_trial} writes it.
   *
   * @return the number of trials written
   * @throws IOException if {@code out} fails
   */
  public static int export(Storage storage, List<StudyInfo> studies, OutputStream out,
      ZoneId zone) throws IOException {
    require(zone != null, "zone must not be null, but got null");
    String worker = UUID.randomUUID() + "-0"; // Optuna: <uuid>-<thread id>
    int studyId = 0;
    int trials = 0;
    for (StudyInfo s : studies) {
      ObjectNode create = line(0, worker).put("study_name", s.name());
      create.putArray("directions").add(s.direction() == Direction.MINIMIZE ? 1 : 2);
      write(out, create);
      for (FrozenTrial t : storage.trials(s.studyId(), EnumSet.allOf(TrialState.class))) {
        write(out, createTrial(t, studyId, worker, zone));
        trials++;
      }
      studyId++;
    }
    out.flush();
    return trials;
  }

  private static ObjectNode line(int opCode, String worker) {
    return OptunaJson.MAPPER.createObjectNode().put("op_code", opCode).put("worker_id", worker);
  }

  private static void write(OutputStream out, ObjectNode line) throws IOException {
    out.write(OptunaJson.MAPPER.writeValueAsBytes(line));
    out.write('\n');
  }

  private static ObjectNode createTrial(FrozenTrial t, int studyId, String worker, ZoneId zone) {
    ObjectNode n = line(4, worker).put("study_id", studyId);
    if (t.datetimeStart() == null) {
      n.putNull("datetime_start");
    } else {
      n.put("datetime_start", OptunaJson.datetime(t.datetimeStart(), zone));
    }
    if (t.datetimeComplete() != null && t.state().isFinished()) {
      n.put("datetime_complete", OptunaJson.datetime(t.datetimeComplete(), zone));
    }
    n.put("state", OptunaReplay.STATES.indexOf(t.state()));
    if (t.value() == null) {
      n.putNull("value");
    } else {
      n.put("value", t.value());
    }
    n.putNull("values");
    ObjectNode dists = n.putObject("distributions");
    ObjectNode params = n.putObject("params");
    for (Map.Entry<String, Object> p : t.params().entrySet()) {
      Distribution d = t.distributions().get(p.getKey());
      dists.put(p.getKey(), OptunaJson.distributionToJson(d));
      double internal = d.toInternal(p.getValue());
      if (d instanceof CategoricalDistribution) {
        params.put(p.getKey(), (int) internal);
      } else {
        params.put(p.getKey(), internal);
      }
    }
    n.set("user_attrs", OptunaJson.MAPPER.valueToTree(t.userAttrs()));
    n.set("system_attrs", OptunaJson.MAPPER.valueToTree(t.systemAttrs()));
    ObjectNode iv = n.putObject("intermediate_values");
    t.intermediateValues().forEach((step, v) -> iv.put(Integer.toString(step), v));
    return n;
  }

  /**
   * Reads an Optuna journal: the studies it holds after replaying every operation as Optuna does.
   * Datetimes without an offset (Optuna 3.1 writes local time) are read as local time in {@code
   * zone}; with one (later Optuna writes UTC) they are that instant.
   *
   * @param journal the journal's bytes
   * @param source the file's name, for messages
   * @throws IllegalArgumentException naming the line and the operation if the journal is no Optuna
   *     journal, has an operation of an unknown version or a distribution sparktune does not
   *     support
   */
  public static List<OptunaStudy> read(byte[] journal, String source, ZoneId zone) {
    require(journal != null && source != null && zone != null,
        "journal, source and zone must not be null, but got %s, %s, %s",
        journal == null ? null : "bytes", source, zone);
    return OptunaReplay.replay(journal, source, zone);
  }

  /**
   * Copies an Optuna study into {@code storage} as a new sparktune study {@code name}: trials in
   * number order, each with its state, value, params, intermediate values, user and system
   * attributes; the datetimes are kept when {@code storage} reads {@code clock} (else the
   * storage's own clock stamps them). WAITING (enqueued) trials stay WAITING with their fixed
   * parameters; RUNNING trials stay RUNNING (a run on the study fails them as stale and retries
   * them, as for a dead driver).
   *
   * @return the new study
   * @throws IllegalArgumentException if the study has several objectives
   * @throws io.sparktune.storage.DuplicateStudyException if {@code name} is taken
   */
  public static StudyInfo copy(OptunaStudy study, String name, Storage storage,
      ImportClock clock) {
    Direction direction = study.direction();
    StudyInfo info = storage.createStudy(name, direction);
    try {
      for (FrozenTrial t : study.trials()) {
        copyTrial(t, info.studyId(), storage, clock);
      }
    } finally {
      clock.set(null);
    }
    return info;
  }

  private static void copyTrial(FrozenTrial t, int studyId, Storage storage, ImportClock clock) {
    if (t.state() == TrialState.WAITING) {
      FrozenTrial w = storage.createTrial(studyId, TrialState.WAITING, t.systemAttrs());
      t.userAttrs().forEach((k, v) -> storage.setTrialUserAttr(w.trialId(), k, v));
      return;
    }
    Instant start = t.datetimeStart() != null ? t.datetimeStart() : t.datetimeComplete();
    clock.set(start);
    FrozenTrial c = storage.createTrial(studyId, TrialState.RUNNING, t.systemAttrs());
    t.params().forEach((k, v) -> storage.setTrialParam(c.trialId(), k, t.distributions().get(k),
        v));
    t.intermediateValues().forEach((step, v) -> storage.reportIntermediate(c.trialId(), step, v));
    t.userAttrs().forEach((k, v) -> storage.setTrialUserAttr(c.trialId(), k, v));
    if (t.state().isFinished()) {
      clock.set(t.datetimeComplete() != null ? t.datetimeComplete() : start);
      storage.finishTrial(c.trialId(), t.state(), t.value());
    }
  }

  /**
   * Enqueues the {@code n} best COMPLETE trials of an Optuna study (by value in the study's
   * direction, ties by number) into the sparktune study {@code studyId}: WAITING trials whose
   * {@code fixed_params} are the Optuna trial's parameters, so a run evaluates them first (a
   * warm start). Each carries the system attribute {@code warm_start_of} naming its origin.
   *
   * @return the enqueued trials' parameters, best first
   */
  public static List<Map<String, Object>> enqueueBest(OptunaStudy study, int n, Storage storage,
      int studyId) {
    require(n >= 1, "n must be >= 1, but got %d", n);
    Direction direction = study.direction();
    Comparator<FrozenTrial> byValue = Comparator.comparingDouble(t -> direction.toLoss(t.value()));
    List<FrozenTrial> best = study.trials().stream()
        .filter(t -> t.state() == TrialState.COMPLETE && t.value() != null)
        .sorted(byValue.thenComparingInt(FrozenTrial::number)).limit(n).toList();
    List<Map<String, Object>> out = new ArrayList<>();
    for (FrozenTrial t : best) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("fixed_params", t.params());
      attrs.put("warm_start_of", "Optuna study '" + study.name() + "' trial " + t.number());
      storage.createTrial(studyId, TrialState.WAITING, attrs);
      out.add(t.params());
    }
    return out;
  }
}
