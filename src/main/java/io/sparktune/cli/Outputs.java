package io.sparktune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparktune.trial.FrozenTrial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The job's result files: {@code summary.json} and {@code trials.csv}, each written atomically. */
final class Outputs {
  private Outputs() {}

  static void writeSummary(OutputDir dir, Map<String, Object> summary) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    dir.write("summary.json", json.writeValueAsString(summary) + "\n");
  }

  /** number, state, value, params_*, start, duration (seconds), fail_reason. */
  static String trialsCsv(List<FrozenTrial> trials) {
    Set<String> params = new LinkedHashSet<>();
    trials.forEach(t -> params.addAll(t.params().keySet()));
    List<String> header = new ArrayList<>(List.of("number", "state", "value"));
    params.forEach(p -> header.add("params_" + p));
    header.addAll(List.of("datetime_start", "duration", "fail_reason"));
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (FrozenTrial t : trials) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(t.number()));
      row.add(t.state().name());
      row.add(t.value() == null ? "" : Double.toString(t.value()));
      for (String p : params) {
        Object v = t.params().get(p);
        row.add(v == null ? "" : csv(v.toString()));
      }
      row.add(t.datetimeStart() == null ? "" : t.datetimeStart().toString());
      row.add(t.duration().map(d -> String.format(java.util.Locale.ROOT, "%.3f",
          d.toNanos() / 1e9)).orElse(""));
      Object reason = t.systemAttrs().get("fail_reason");
      row.add(reason == null ? "" : csv(reason.toString()));
      sb.append(String.join(",", row)).append('\n');
    }
    return sb.toString();
  }

  static void writeTrials(OutputDir dir, List<FrozenTrial> trials) throws IOException {
    dir.write("trials.csv", trialsCsv(trials));
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
