package io.sparktune.storage.optuna;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.FrozenTrial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/optuna_interop.py} with Debian's {@code /usr/bin/python3} and its
 * {@code python3-optuna} (never skipped: a missing Optuna fails the test with the install
 * command), and puts sparktune trials in the shape the script dumps Optuna's trials in.
 */
final class OptunaPython {
  static final String PYTHON = "/usr/bin/python3";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private OptunaPython() {}

  /** Runs the script on the three journals; its JSON output. */
  static JsonNode run(Path exported, Path native_, Path continued) throws Exception {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      throw new AssertionError(PYTHON + " must exist for the Optuna interop tests, but got none"
          + " (apt-get install python3 python3-optuna; .ci/run installs them)");
    }
    Path out = Files.createTempFile("optuna-interop", ".json");
    Path err = Files.createTempFile("optuna-interop", ".err");
    try {
      Process p = new ProcessBuilder(PYTHON, "src/test/python/optuna_interop.py",
          exported.toString(), native_.toString(), continued.toString())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("optuna_interop.py did not finish in 120 s");
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (p.exitValue() == 3) {
        throw new AssertionError("python3-optuna must be installed for " + PYTHON + ", but got: "
            + stderr.strip() + " (apt-get install python3-optuna; .ci/run installs it)");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("optuna_interop.py exited " + p.exitValue() + ":\n" + stderr);
      }
      return OptunaJson.MAPPER.readTree(Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A sparktune trial in the script's dump shape (Optuna names, local datetimes in zone). */
  static ObjectNode shape(FrozenTrial t, ZoneId zone) {
    ObjectNode n = JSON.objectNode();
    n.put("number", t.number());
    n.put("state", t.state().name());
    n.set("value", t.value() == null ? JSON.nullNode() : JSON.numberNode(t.value()));
    n.set("params", OptunaJson.MAPPER.valueToTree(t.params()));
    ObjectNode dists = n.putObject("distributions");
    t.distributions().forEach((k, d) -> dists.set(k, distribution(d)));
    ObjectNode iv = n.putObject("intermediate");
    t.intermediateValues().forEach((s, v) -> iv.put(Integer.toString(s), v));
    n.set("userAttrs", OptunaJson.MAPPER.valueToTree(t.userAttrs()));
    n.set("systemAttrs", OptunaJson.MAPPER.valueToTree(t.systemAttrs()));
    n.set("start", time(t.datetimeStart(), zone));
    n.set("complete", time(t.datetimeComplete(), zone));
    return n;
  }

  private static JsonNode time(Instant i, ZoneId zone) {
    return i == null ? JSON.nullNode() : JSON.textNode(OptunaJson.datetime(i, zone));
  }

  /** Optuna's {@code distribution_to_json} of what a sparktune distribution means. */
  private static JsonNode distribution(Distribution d) {
    Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    String name;
    if (d instanceof FloatDistribution f) {
      attrs.putAll(Map.of("low", f.low(), "high", f.high(), "log", f.log()));
      attrs.put("step", f.step());
      name = "FloatDistribution";
    } else if (d instanceof IntDistribution i) {
      attrs.putAll(Map.of("low", i.low(), "high", i.high(), "log", i.log(), "step", i.step()));
      name = "IntDistribution";
    } else {
      attrs.put("choices", ((CategoricalDistribution) d).choices());
      name = "CategoricalDistribution";
    }
    return OptunaJson.MAPPER.valueToTree(Map.of("name", name, "attributes", attrs));
  }

  /** The fields that differ between two dumps of one trial (numbers compared by value). */
  static List<String> differences(JsonNode optuna, JsonNode sparktune) {
    List<String> out = new ArrayList<>();
    for (String field : List.of("number", "state", "value", "params", "distributions",
        "intermediate", "userAttrs", "systemAttrs", "start", "complete")) {
      JsonNode a = optuna.get(field);
      JsonNode b = sparktune.get(field);
      if (a == null || b == null || !a.equals(OptunaPython::compareValues, b)) {
        out.add(field + ": optuna " + a + " vs sparktune " + b);
      }
    }
    return out;
  }

  /** JSON equality where numbers compare by value (Optuna's 3 and sparktune's 3.0 are equal). */
  private static int compareValues(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  static byte[] bytes(Path p) throws IOException {
    return Files.readAllBytes(p);
  }
}
