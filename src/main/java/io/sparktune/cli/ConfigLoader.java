package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;
import static io.sparktune.cli.Fields.show;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.trial.Direction;
import io.sparktune.workload.BadInputException;
import io.sparktune.workload.Budget;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.MnistMlpWorkload;
import io.sparktune.workload.Workload;
import io.sparktune.workload.WorkloadContext;
import io.sparktune.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job config from YAML or JSON (Jackson) and validates every field, so that a bad config
 * stops the job before anything runs, with a message that names the field and what it allows.
 */
public final class ConfigLoader {
  static final List<String> SAMPLERS = List.of("grid", "random", "tpe");
  static final List<String> PRUNERS = List.of("none", "median", "percentile", "asha", "sha",
      "hyperband");
  /** Pruners that compare a trial with the completed trials at its step (Optuna's). */
  static final List<String> PERCENTILE_PRUNERS = List.of("median", "percentile");
  /** Pruners that count resource, which only an epoch-based workload ({@link Budget}) has. */
  static final List<String> EPOCH_PRUNERS = List.of("asha", "sha", "hyperband");
  static final List<String> PARAM_TYPES = List.of("float", "int", "categorical");
  static final List<String> MODES = List.of("auto", "threads", "tasks", "jobs");
  static final List<String> LOOPS = List.of("async", "sync");

  private ConfigLoader() {}

  /** Loads and validates {@code file} (YAML, or JSON, which YAML includes). */
  public static JobConfig load(Path file) {
    return bind(read(file), file.toString(), null);
  }

  /** The tree of {@code file}, not validated yet (command-line overrides go into it first). */
  static JsonNode read(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw error("--config must be a readable file, but got '%s'", file);
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw error("--config must be a readable file, but got '%s' (%s)", file, e.getMessage());
    }
    return tree(text, file.toString());
  }

  /**
   * As {@link #read(Path)} for {@code --config}: a Hadoop FileSystem URI ({@code hdfs://...}) is
   * read through Hadoop, a plain path or {@code file:} URI from the local disk.
   */
  static JsonNode read(String location) {
    if (!HadoopFiles.isRemote(location)) {
      return read(localPath("--config", location));
    }
    String problem = HadoopFiles.fileProblem(location);
    if (problem != null) {
      throw error("--config must be a readable file, but got '%s' (%s)", location, problem);
    }
    String text;
    try (java.io.InputStream in = HadoopFiles.open(location)) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw error("--config must be a readable file, but got '%s' (%s)", location,
          HadoopFiles.reason(e));
    }
    return tree(text, location);
  }

  /** A plain path, or the path of a {@code file:} URI ({@code file:///abs/path}). */
  static Path localPath(String field, String location) {
    if (!location.startsWith("file:")) {
      return Path.of(location);
    }
    try {
      return HadoopFiles.localPath(location);
    } catch (IllegalArgumentException e) {
      throw error("%s must be a path or a URI such as file:///abs/path or hdfs://host:port/path,"
          + " but got '%s'", field, location);
    }
  }

  /** Parses and validates config text; {@code source} names it in messages. */
  public static JobConfig parse(String text, String source) {
    return parse(text, source, null);
  }

  /**
   * Parses and validates config text for {@code workload}, a workload made in code (a user's
   * {@code main}; {@link io.sparktune.workload.Workloads#of} wraps an objective): the config's
   * {@code workload:} section may be left out, and its {@code type} and {@code class} are ignored.
   * With a null {@code workload}, the section names it.
   */
  public static JobConfig parse(String text, String source, Workload workload) {
    return bind(tree(text, source), source, workload);
  }

  private static JsonNode tree(String text, String source) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw error("config %s must be valid YAML or JSON, but got a syntax error%s: %s", source,
          where, e.getOriginalMessage());
    }
  }

  /** Validates a config tree (see {@link #parse(String, String, Workload)}). */
  static JobConfig bind(JsonNode root, String source, Workload given) {
    try {
      return bindChecked(root, source, given);
    } catch (ConfigException e) {
      throw e;
    } catch (BadInputException e) { // from a workload's section: exit 2 all the same
      throw new ConfigException(e.getMessage());
    }
  }

  private static JobConfig bindChecked(JsonNode root, String source, Workload given) {
    if (root == null || !root.isObject()) {
      throw error("config %s must be a mapping with a study section, but got %s", source,
          show(root));
    }
    if (root.has("mlp")) {
      throw error("mlp has moved under workload: put its keys %s in workload:, but got a"
          + " top-level mlp section", MnistMlpWorkload.KEYS);
    }
    Fields.onlyKnown(root, "", List.of("study", "workload", "space", "grid", "execution", "storage",
        "output", "master"));
    JobConfig.StudySection study = study(Fields.object(root, "study", "study", true));
    JsonNode section = Fields.object(root, "workload", "workload", given == null);
    SearchSpace space = space(Fields.object(root, "space", "space", true));
    Map<String, List<Object>> grid = grid(root.get("grid"), space);
    if (study.sampler().equals("grid") && grid.isEmpty()) {
      throw error("grid must be given when study.sampler is grid, but got none");
    }
    JobConfig.ExecutionSection execution = execution(root.get("execution"));
    String storage = Fields.text(root, "storage", "storage", null);
    String output = Fields.text(root, "output", "output", "out/" + study.name());
    String master = Fields.text(root, "master", "master", null);
    ConfigNode node = new ConfigNode(section, "workload");
    Workload workload = given != null ? given : Workloads.resolve(node);
    String label = given != null ? "the workload is " + workload.type()
        : node.has("class") ? "workload.class is " + node.text("class", null).trim()
        : "workload.type is " + workload.type();
    workload.configure(new WorkloadContext(node.without("type", "class"), label, study.name(),
        study.direction(), study.seed(), study.pruner(), execution.mode(), space));
    if (study.direction() == null) { // left out: the workload's (an evaluator's isLargerBetter)
      study = study.withDirection(workload.direction().orElseThrow(
          () -> new ConfigException(directionError(null))));
    }
    JobConfig config = new JobConfig(study, workload, space, grid, execution, storage, output,
        master, root);
    checkWorkload(config, label);
    return config;
  }

  /** The rules that tie the workload to the study and execution sections. */
  private static void checkWorkload(JobConfig c, String label) {
    String pruner = c.study().pruner();
    if (EPOCH_PRUNERS.contains(pruner) && c.workload().budget().isEmpty()) {
      throw error("study.pruner must be one of [none, median, percentile] when %s (%s needs an"
          + " epoch-based workload such as mnist-mlp), but got '%s'", label, pruner, pruner);
    }
    if (c.workload().parallelism() == Workload.Parallelism.JOBS && c.mode().equals("tasks")) {
      throw error("execution.mode must be one of [auto, threads, jobs] when %s (its trials start"
          + " Spark jobs, they cannot run inside a task), but got 'tasks'", label);
    }
    if (c.mode().equals("jobs") && c.execution().loop().equals("sync")) {
      throw error("execution.loop must be async when execution.mode is jobs, but got 'sync'");
    }
  }

  static JobConfig.ExecutionSection execution(JsonNode n) {
    if (n == null || n.isNull()) {
      n = new ObjectMapper().createObjectNode();
    }
    if (!n.isObject()) {
      throw error("execution must be a mapping, but got %s", show(n));
    }
    Fields.onlyKnown(n, "execution", List.of("mode", "loop", "cpusPerTrial", "slots",
        "maxRetries", "statusIntervalSeconds", "heartbeatSeconds", "staleAfterSeconds"));
    String mode = Fields.choice(n, "mode", "execution.mode", MODES, "auto");
    String loop = Fields.choice(n, "loop", "execution.loop", LOOPS, "async");
    int cpus = (int) Fields.atLeast(Fields.integer(n, "cpusPerTrial", "execution.cpusPerTrial",
        1L), 1, "execution.cpusPerTrial");
    int slots = (int) Fields.atLeast(Fields.integer(n, "slots", "execution.slots", 0L), 0,
        "execution.slots");
    int retries = (int) Fields.atLeast(Fields.integer(n, "maxRetries", "execution.maxRetries",
        2L), 0, "execution.maxRetries");
    Double status = positive(Fields.number(n, "statusIntervalSeconds",
        "execution.statusIntervalSeconds", 10.0), "execution.statusIntervalSeconds");
    Double heartbeat = positive(Fields.number(n, "heartbeatSeconds", "execution.heartbeatSeconds",
        10.0), "execution.heartbeatSeconds");
    Double stale = positive(Fields.number(n, "staleAfterSeconds", "execution.staleAfterSeconds",
        60.0), "execution.staleAfterSeconds");
    if (stale <= heartbeat) {
      throw error("execution.staleAfterSeconds must be > execution.heartbeatSeconds (%s), but got"
          + " %s", heartbeat, stale);
    }
    return new JobConfig.ExecutionSection(mode, loop, cpus, slots, retries, status, heartbeat,
        stale);
  }

  private static JobConfig.StudySection study(JsonNode n) {
    Fields.onlyKnown(n, "study", List.of("name", "direction", "sampler", "seed", "nTrials",
        "timeoutSeconds", "parallelism", "trialTimeoutSeconds", "pruner", "prunerPercentile",
        "prunerWarmupSteps", "prunerStartupTrials"));
    String name = Fields.text(n, "name", "study.name", null);
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
      throw error("study.name must be a non-empty name of letters, digits, '.', '_' or '-', but"
          + " got %s", show(n.get("name")));
    }
    String directionText = Fields.text(n, "direction", "study.direction", null);
    Direction direction = null; // left out: the workload may give it (Workload#direction)
    if (directionText != null) {
      try {
        direction = Direction.parse("study.direction", directionText);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    String sampler = Fields.choice(n, "sampler", "study.sampler", SAMPLERS, "tpe");
    long seed = Fields.integer(n, "seed", "study.seed", 42L);
    int nTrials = (int) Fields.atLeast(Fields.integer(n, "nTrials", "study.nTrials", 100L), 1,
        "study.nTrials");
    Double timeout = positive(Fields.number(n, "timeoutSeconds", "study.timeoutSeconds", null),
        "study.timeoutSeconds");
    int parallelism = (int) Fields.atLeast(
        Fields.integer(n, "parallelism", "study.parallelism", 1L), 1, "study.parallelism");
    Double trialTimeout = positive(Fields.number(n, "trialTimeoutSeconds",
        "study.trialTimeoutSeconds", null), "study.trialTimeoutSeconds");
    String pruner = Fields.choice(n, "pruner", "study.pruner", PRUNERS, "none");
    onlyWith(n, "prunerPercentile", pruner, List.of("percentile"));
    onlyWith(n, "prunerWarmupSteps", pruner, PERCENTILE_PRUNERS);
    onlyWith(n, "prunerStartupTrials", pruner, PERCENTILE_PRUNERS);
    double percentile = Fields.number(n, "prunerPercentile", "study.prunerPercentile", 25.0);
    if (!(percentile >= 0 && percentile <= 100)) {
      throw error("study.prunerPercentile must be in [0, 100], but got %s", percentile);
    }
    int warmup = (int) Fields.atLeast(Fields.integer(n, "prunerWarmupSteps",
        "study.prunerWarmupSteps", 0L), 0, "study.prunerWarmupSteps");
    int startup = (int) Fields.atLeast(Fields.integer(n, "prunerStartupTrials",
        "study.prunerStartupTrials", 5L), 0, "study.prunerStartupTrials");
    return new JobConfig.StudySection(name, direction, sampler, seed, nTrials, timeout,
        parallelism, trialTimeout, pruner, percentile, warmup, startup);
  }

  /** A pruner setting given with a pruner it does not apply to is refused, not ignored. */
  private static void onlyWith(JsonNode n, String key, String pruner, List<String> pruners) {
    JsonNode v = n.get(key);
    if (v != null && !v.isNull() && !pruners.contains(pruner)) {
      throw error("study.pruner must be %s when study.%s is given, but got '%s'",
          pruners.size() == 1 ? pruners.get(0) : "one of " + pruners, key, pruner);
    }
  }

  /** The message for a missing or unknown {@code study.direction}. */
  private static String directionError(String text) {
    try {
      Direction.parse("study.direction", text);
      throw new AssertionError(text);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static Double positive(Double v, String path) {
    if (v != null && !(v > 0)) {
      throw error("%s must be > 0, but got %s", path, v);
    }
    return v;
  }

  private static SearchSpace space(JsonNode n) {
    if (n.isEmpty()) {
      throw error("space must define at least one parameter, but got none");
    }
    SearchSpace.Builder b = SearchSpace.builder();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = "space." + e.getKey();
      JsonNode p = e.getValue();
      if (!p.isObject()) {
        throw error("%s must be a mapping with a type, but got %s", path, show(p));
      }
      b.add(e.getKey(), distribution(p, path));
    }
    return b.build();
  }

  private static Distribution distribution(JsonNode p, String path) {
    String type = Fields.choice(p, "type", path + ".type", PARAM_TYPES, null);
    try {
      switch (type) {
        case "float" -> {
          Fields.onlyKnown(p, path, List.of("type", "low", "high", "log", "step"));
          double low = required(Fields.number(p, "low", path + ".low", null), path + ".low");
          double high = required(Fields.number(p, "high", path + ".high", null), path + ".high");
          return new FloatDistribution(low, high, Fields.bool(p, "log", path + ".log", false),
              Fields.number(p, "step", path + ".step", null));
        }
        case "int" -> {
          Fields.onlyKnown(p, path, List.of("type", "low", "high", "log", "step"));
          long low = required(Fields.integer(p, "low", path + ".low", null), path + ".low");
          long high = required(Fields.integer(p, "high", path + ".high", null), path + ".high");
          return new IntDistribution(low, high, Fields.bool(p, "log", path + ".log", false),
              Fields.integer(p, "step", path + ".step", 1L));
        }
        case "categorical" -> {
          Fields.onlyKnown(p, path, List.of("type", "choices"));
          JsonNode c = p.get("choices");
          if (c == null || !c.isArray() || c.isEmpty()) {
            throw error("%s.choices must be a non-empty list, but got %s", path, show(c));
          }
          List<Object> choices = new ArrayList<>();
          for (JsonNode x : c) {
            choices.add(Fields.scalar(x, path + ".choices"));
          }
          return new CategoricalDistribution(choices);
        }
        default -> throw new AssertionError(type);
      }
    } catch (IllegalArgumentException e) {
      throw error("%s.%s", path, e.getMessage());
    }
  }

  private static <T> T required(T v, String path) {
    if (v == null) {
      throw error("%s must be given, but got none", path);
    }
    return v;
  }

  private static Map<String, List<Object>> grid(JsonNode n, SearchSpace space) {
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return grid;
    }
    if (!n.isObject()) {
      throw error("grid must be a mapping of parameter to values, but got %s", show(n));
    }
    Fields.onlyKnown(n, "grid", space.params().keySet());
    for (String name : space.params().keySet()) {
      JsonNode values = n.get(name);
      String path = "grid." + name;
      if (values == null || !values.isArray() || values.isEmpty()) {
        throw error("%s must be a non-empty list, but got %s", path, show(values));
      }
      Distribution d = space.params().get(name);
      List<Object> list = new ArrayList<>();
      for (JsonNode v : values) {
        Object x = Fields.scalar(v, path);
        boolean inside;
        try {
          inside = d.contains(d.toInternal(x));
        } catch (IllegalArgumentException e) {
          inside = false;
        }
        if (!inside) {
          throw error("%s values must lie in space.%s (%s), but got %s", path, name, d, show(v));
        }
        if (list.contains(x)) {
          throw error("%s must not repeat a value, but got %s twice", path, show(v));
        }
        list.add(x);
      }
      grid.put(name, list);
    }
    return grid;
  }
}
