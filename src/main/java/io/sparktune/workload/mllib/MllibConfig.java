package io.sparktune.workload.mllib;

import static io.sparktune.workload.ConfigNode.error;
import static io.sparktune.workload.ConfigNode.show;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.workload.ConfigNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;

/**
 * The {@code workload:} section of {@code workload.type: mllib}, read and checked before anything
 * runs (no SparkSession needed): what to tune, on which data, scored how.
 *
 * @param estimator class name of the Estimator, or null if {@code pipeline} is given
 * @param pipeline URI of a saved Pipeline, or null if {@code estimator} is given
 * @param params fixed params ({@code stage.param} for a pipeline), as written
 * @param data the training data ({@code testFraction} of it is held out unless {@code test})
 * @param label the label column, or null (clustering)
 * @param features columns to assemble into a vector, or null (see {@code featuresCol})
 * @param featuresCol an existing vector column, or null
 * @param testFraction share of {@code data} held out for the test score (0 with {@code test})
 * @param test separate test data, or null
 * @param evaluator how a fit is scored
 * @param validation how a trial splits the training data
 */
record MllibConfig(String estimator, String pipeline, Map<String, Object> params, Source data,
    String label, List<String> features, String featuresCol, double testFraction, Source test,
    Scoring evaluator, Validation validation) {

  /** The keys of the section. */
  static final List<String> KEYS =
      List.of("estimator", "pipeline", "params", "data", "evaluator", "validation");
  static final List<String> DATA_KEYS = List.of("path", "table", "format", "options", "label",
      "features", "featuresCol", "testFraction", "test");
  static final List<String> FORMATS = List.of("parquet", "csv", "json", "orc", "libsvm");
  /** The held-out share when neither {@code testFraction} nor {@code test} is given. */
  static final double DEFAULT_TEST_FRACTION = 0.2;

  /**
   * Where a table comes from.
   *
   * @param field how messages name it ({@code workload.data})
   * @param path a Hadoop URI or local path, or null
   * @param table a catalog table, or null
   * @param format parquet | csv | json | orc | libsvm (null for a table)
   * @param options the Spark reader's options
   */
  record Source(String field, String path, String table, String format,
      Map<String, String> options) {
    Source {
      options = Map.copyOf(options);
    }

    /** For the console: {@code out/bc.parquet (parquet)} or {@code table db.bc}. */
    String describe() {
      return path != null ? path + " (" + format + ")" : "table " + table;
    }
  }

  /**
   * The evaluator.
   *
   * @param type binary | multiclass | regression | clustering
   * @param metric the metric optimized
   * @param metrics further metrics recorded per trial
   */
  record Scoring(String type, String metric, List<String> metrics) {
    Scoring {
      metrics = List.copyOf(metrics);
    }

    /** Whether the labels are classes (a string label is indexed). */
    boolean classification() {
      return type.equals("binary") || type.equals("multiclass");
    }
  }

  /**
   * How a trial validates.
   *
   * @param folds K of k-fold cross-validation (also with {@code foldCol}), or 0 with trainRatio
   * @param trainRatio share fitted on in a single train/validation split, or 0 with folds
   * @param foldCol a column of fold indices 0..folds-1, or null
   * @param stratified folds spread every class evenly (classification only)
   */
  record Validation(int folds, double trainRatio, String foldCol, boolean stratified) {
    /** For the console and summary.json: {@code 3-fold CV}, {@code train/validation 0.8}. */
    String describe() {
      if (trainRatio > 0) {
        return String.format(Locale.ROOT, "train/validation split %s", trainRatio);
      }
      return folds + "-fold CV" + (foldCol != null ? " by " + foldCol
          : stratified ? ", stratified" : "");
    }
  }

  /** Reads and checks {@code section} ({@code workload:} without {@code type}). */
  static MllibConfig read(ConfigNode section) {
    section.onlyKnown(KEYS);
    String estimator = section.text("estimator", null);
    String pipeline = section.text("pipeline", null);
    if ((estimator == null) == (pipeline == null)) {
      throw error("workload must give one of [estimator, pipeline], but got %s",
          estimator == null ? "none" : "both");
    }
    if (pipeline != null) {
      String dir = pipeline.trim();
      requireExists(section.field("pipeline"), dir, "a saved Pipeline directory");
      if (existsProblem(dir.replaceAll("/+$", "") + "/metadata") != null) {
        throw error("workload.pipeline must be a Pipeline saved with pipeline.write().save(...),"
            + " but got '%s' (no metadata directory in it)", dir);
      }
    }
    Map<String, Object> params = params(child(section, "params"));
    ConfigNode data = child(section, "data");
    if (!section.has("data")) {
      throw error("workload.data must be given, but got none");
    }
    data.onlyKnown(DATA_KEYS);
    Source train = source(data, "workload.data");
    String label = data.text("label", null);
    List<String> features = strings(data, "features");
    String featuresCol = data.text("featuresCol", null);
    if (features != null && featuresCol != null) {
      throw error("workload.data must give one of [features, featuresCol], but got both");
    }
    if (features != null && features.isEmpty()) {
      throw error("workload.data.features must be a non-empty list of columns, but got []");
    }
    Source test = null;
    double testFraction;
    if (data.has("test")) {
      if (data.has("testFraction")) {
        throw error("workload.data must give one of [testFraction, test], but got both");
      }
      ConfigNode t = child(data, "test");
      t.onlyKnown(List.of("path", "table", "format", "options"));
      test = source(t, "workload.data.test");
      testFraction = 0;
    } else {
      testFraction = data.fraction("testFraction", DEFAULT_TEST_FRACTION);
    }
    Scoring scoring = scoring(child(section, "evaluator"), section.has("evaluator"));
    if (label == null && !scoring.type().equals("clustering")) {
      throw error("workload.data.label must be given for a %s evaluator, but got none",
          scoring.type());
    }
    Validation validation = validation(child(section, "validation"), scoring);
    return new MllibConfig(estimator == null ? null : estimator.trim(),
        pipeline == null ? null : pipeline.trim(), params, train, label, features, featuresCol,
        testFraction, test, scoring, validation);
  }

  /** A sub-mapping of {@code parent} (empty if absent). */
  static ConfigNode child(ConfigNode parent, String key) {
    JsonNode n = parent.json().get(key);
    if (n != null && !n.isNull() && !n.isObject()) {
      throw error("%s must be a mapping, but got %s", parent.field(key), show(n));
    }
    return new ConfigNode(n, parent.field(key));
  }

  private static Map<String, Object> params(ConfigNode n) {
    Map<String, Object> params = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.json().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      params.put(e.getKey(), value(e.getValue(), n.field(e.getKey())));
    }
    return params;
  }

  /** A param value as written: Long, Double, String, Boolean, or a List of them. */
  private static Object value(JsonNode v, String field) {
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode x : v) {
        if (x.isContainerNode()) {
          throw error("%s must be a scalar or a list of scalars, but got %s", field, show(v));
        }
        list.add(value(x, field));
      }
      return list;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    throw error("%s must be a number, string, boolean or list, but got %s", field, show(v));
  }

  /** A list of strings, or null if absent. */
  private static List<String> strings(ConfigNode n, String key) {
    JsonNode v = n.json().get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw error("%s must be a list of names, but got %s", n.field(key), show(v));
    }
    List<String> names = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual() || x.asText().isBlank()) {
        throw error("%s must be a list of names, but got %s", n.field(key), show(x));
      }
      names.add(x.asText());
    }
    return names;
  }

  /** {@code path} or {@code table}, {@code format} and {@code options} of {@code n}. */
  private static Source source(ConfigNode n, String field) {
    String path = n.text("path", null);
    String table = n.text("table", null);
    if ((path == null) == (table == null)) {
      throw error("%s must give one of [path, table], but got %s", field,
          path == null ? "none" : "both");
    }
    Map<String, String> options = new LinkedHashMap<>();
    ConfigNode o = child(n, "options");
    Iterator<Map.Entry<String, JsonNode>> it = o.json().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      options.put(e.getKey(), o.text(e.getKey(), null));
    }
    if (table != null) {
      if (n.has("format")) {
        throw error("%s.format must be left out with %s.table (the catalog knows it), but got"
            + " %s", field, field, show(n.json().get("format")));
      }
      return new Source(field, null, table.trim(), null, options);
    }
    path = path.trim();
    String format = n.choice("format", FORMATS, guessFormat(path));
    requireExists(field + ".path", path, "an existing file or directory");
    return new Source(field, path, null, format, options);
  }

  /** The format a path's extension names ({@code x.csv.gz}: csv), else parquet (Spark's). */
  static String guessFormat(String path) {
    String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "").replaceAll("\\.gz$", "");
    for (String f : FORMATS) {
      if (name.endsWith("." + f)) {
        return f;
      }
    }
    return name.endsWith(".jsonl") ? "json" : name.endsWith(".svm") ? "libsvm" : "parquet";
  }

  /** A path (glob patterns allowed) that matches something, or a message naming the field. */
  static void requireExists(String field, String location, String what) {
    String problem = existsProblem(location);
    if (problem != null) {
      throw error("%s must be %s, but got '%s' (%s)", field, what, location, problem);
    }
  }

  /** Null if {@code location} exists (for a glob: matches), else why not. */
  static String existsProblem(String location) {
    boolean glob = location.matches(".*[*?\\[{].*");
    if (!HadoopFiles.isRemote(location) && !glob) {
      Path p;
      try {
        p = HadoopFiles.localPath(location);
      } catch (IllegalArgumentException e) {
        return "not a path or URI";
      }
      return Files.exists(p) ? Files.isReadable(p) ? null : "permission denied" : "no such file";
    }
    try {
      String uri = HadoopFiles.isRemote(location) ? location
          : HadoopFiles.localPath(location).toAbsolutePath().toUri().toString();
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
      if (glob) {
        FileStatus[] found = HadoopFiles.fs(uri).globStatus(p);
        return found == null || found.length == 0 ? "no file matches it" : null;
      }
      HadoopFiles.fs(uri).getFileStatus(p);
      return null;
    } catch (FileNotFoundException e) {
      return "no such file";
    } catch (IOException | RuntimeException e) {
      return HadoopFiles.reason(e);
    }
  }

  private static Scoring scoring(ConfigNode n, boolean given) {
    if (!given) {
      throw error("workload.evaluator must be given (type: one of %s), but got none",
          Evaluators.TYPES);
    }
    n.onlyKnown(List.of("type", "metric", "metrics"));
    String type = n.choice("type", Evaluators.TYPES, null);
    List<String> allowed = Evaluators.metrics(type);
    String metric = n.text("metric", Evaluators.defaultMetric(type));
    if (!allowed.contains(metric)) {
      throw error("workload.evaluator.metric must be one of %s for a %s evaluator, but got '%s'",
          allowed, type, metric);
    }
    List<String> metrics = strings(n, "metrics");
    for (String m : metrics == null ? List.<String>of() : metrics) {
      if (!allowed.contains(m)) {
        throw error("workload.evaluator.metrics must be among %s for a %s evaluator, but got"
            + " '%s'", allowed, type, m);
      }
    }
    return new Scoring(type, metric, metrics == null ? List.of() : metrics);
  }

  private static Validation validation(ConfigNode n, Scoring scoring) {
    n.onlyKnown(List.of("folds", "trainRatio", "foldCol", "stratified"));
    if (n.has("trainRatio") && (n.has("folds") || n.has("foldCol"))) {
      throw error("workload.validation must give one of [folds, trainRatio] (foldCol goes with"
          + " folds), but got both %s and trainRatio", n.has("folds") ? "folds" : "foldCol");
    }
    boolean stratified = n.bool("stratified", scoring.classification());
    if (stratified && !scoring.classification()) {
      throw error("workload.validation.stratified must be false for a %s evaluator (only"
          + " classes can be stratified), but got true", scoring.type());
    }
    if (n.has("trainRatio")) {
      return new Validation(0, n.fraction("trainRatio", 0.75), null, stratified);
    }
    String foldCol = n.text("foldCol", null);
    return new Validation(n.integer("folds", 3L, 2), 0, foldCol, stratified && foldCol == null);
  }
}
