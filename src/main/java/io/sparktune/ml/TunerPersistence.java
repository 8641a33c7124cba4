package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.space.Distribution;
import io.sparktune.storage.hadoop.HadoopJournalBackend;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * MLWritable/MLReadable of {@link SparkTuner} and {@link SparkTunerModel}, in CrossValidator's
 * layout: {@code metadata/} (one JSON line: class, timestamp, sparkVersion, uid, paramMap,
 * defaultParamMap, plus the space and the param maps by name), {@code estimator/} and {@code
 * evaluator/} saved by their own writers; a model adds {@code bestModel/}, {@code
 * study/journal.jsonl} (the study as a sparktune journal) and with {@code persistSubModels} {@code
 * subModels/fold<k>/<trial>/}. Every path goes through Hadoop's FileSystem, so any Hadoop URI works.
 */
final class TunerPersistence {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Params saved by their own writers or in their own metadata keys. */
  private static final List<String> NESTED = List.of("estimator", "evaluator",
      "estimatorParamMaps", "space");

  private TunerPersistence() {}

  // ------------------------------------------------------------------------------------ writing

  static final class TunerWriter extends MLWriter {
    private final SparkTuner tuner;

    TunerWriter(SparkTuner tuner) {
      this.tuner = tuner;
    }

    @Override
    public void saveImpl(String path) {
      saveTunerParts(tuner, path, sparkSession(), null);
    }
  }

  static final class ModelWriter extends MLWriter {
    private final SparkTunerModel model;

    ModelWriter(SparkTunerModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      boolean subs = "true".equalsIgnoreCase(optionMap().getOrElse("persistsubmodels",
          () -> "false"));
      require(!subs || model.hasSubModels(), "persistSubModels needs collected sub-models: set"
          + " collectSubModels to true before fitting, but got a model without them");
      ObjectNode extra = JSON.createObjectNode();
      extra.put("folds", model.numValidationFolds());
      extra.put("studyName", model.study().studyName());
      extra.put("direction", model.study().direction().name());
      extra.put("persistSubModels", subs);
      saveTunerParts(model, path, spark, extra);
      saveStage(model.bestModel(), "bestModel", path + "/bestModel");
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Study copy = TunerStorage.copy(model.study().studyName(), model.study().direction(),
          model.study().trials(), clock -> journal(path + "/study/journal.jsonl", conf, clock));
      copy.storage().close();
      if (subs) {
        model.subModelsByTrial().forEach((n, models) -> {
          for (int k = 0; k < models.length; k++) {
            if (models[k] != null) {
              saveStage(models[k], "subModels", path + "/subModels/fold" + k + "/" + n);
            }
          }
        });
      }
    }
  }

  private static JournalStorage journal(String uri, Configuration conf,
      java.time.InstantSource clock) {
    try {
      return new JournalStorage(new HadoopJournalBackend(new Path(uri), conf,
          Duration.ofMinutes(2)), clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the study journal " + uri, e);
    }
  }

  private static void saveStage(Object stage, String what, String path) {
    require(stage instanceof MLWritable, "%s must be MLWritable to be saved, but got %s", what,
        stage.getClass().getName());
    try {
      ((MLWritable) stage).write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the " + what + " to " + path, e);
    }
  }

  private static void saveTunerParts(SparkTunerParams p, String path, SparkSession spark,
      ObjectNode extra) {
    ObjectNode meta = JSON.createObjectNode();
    meta.put("class", p.getClass().getName());
    meta.put("timestamp", System.currentTimeMillis());
    meta.put("sparkVersion", spark.version());
    meta.put("uid", p.uid());
    ObjectNode set = meta.putObject("paramMap");
    ObjectNode defaults = meta.putObject("defaultParamMap");
    for (Param<?> param : p.params()) {
      if (NESTED.contains(param.name())) {
        continue;
      }
      if (p.isSet(param)) {
        set.set(param.name(), encode(param, p.getOrDefault(param)));
      } else if (p.hasDefault(param)) {
        defaults.set(param.name(), encode(param, p.getDefault(param).get()));
      }
    }
    Estimator<?> est = p.getEstimator();
    ParamSpace space = p.getSpace();
    if (space != null) {
      meta.set("space", spaceJson(space));
    }
    ParamMap[] maps = p.getEstimatorParamMaps();
    if (maps != null) {
      ParamSpace names = ParamSpace.over(est);
      ArrayNode all = meta.putArray("estimatorParamMaps");
      for (ParamMap m : maps) {
        ObjectNode one = all.addObject();
        for (ParamPair<?> pair : m.toList()) {
          one.set(names.nameOf(pair.param()), encode(pair.param(), pair.value()));
        }
      }
    }
    if (extra != null) {
      meta.set("sparktune", extra);
    }
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(List.of(meta.toString()), 1).saveAsTextFile(path + "/metadata");
    saveStage(est, "estimator", path + "/estimator");
    saveStage(p.getEvaluator(), "evaluator", path + "/evaluator");
  }

  @SuppressWarnings("unchecked")
  private static JsonNode encode(Param<?> param, Object value) {
    try {
      return JSON.readTree(((Param<Object>) param).jsonEncode(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode spaceJson(ParamSpace space) {
    ObjectNode s = JSON.createObjectNode();
    ObjectNode d = s.putObject("distributions");
    space.distributions().forEach((name, dist) -> {
      try {
        d.set(name, JSON.readTree(JSON.writerFor(Distribution.class).writeValueAsString(dist)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    ObjectNode f = s.putObject("fixed");
    space.fixedValues().forEach((name, v) -> f.set(name, encode(space.param(name), v)));
    return s;
  }

  // ------------------------------------------------------------------------------------ reading

  static final class TunerReader extends MLReader<SparkTuner> {
    @Override
    public SparkTuner load(String path) {
      JsonNode meta = metadata(sparkSession(), path, SparkTuner.class);
      SparkTuner t = new SparkTuner(meta.get("uid").asText());
      loadTunerParts(t, meta, path);
      return t;
    }
  }

  static final class ModelReader extends MLReader<SparkTunerModel> {
    @Override
    public SparkTunerModel load(String path) {
      SparkSession spark = sparkSession();
      JsonNode meta = metadata(spark, path, SparkTunerModel.class);
      SparkTunerModel m = new SparkTunerModel(meta.get("uid").asText());
      loadTunerParts(m, meta, path);
      JsonNode extra = meta.get("sparktune");
      Model<?> best = (Model<?>) loadStage(spark, path + "/bestModel");
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      String name = extra.get("studyName").asText();
      Direction direction = Direction.valueOf(extra.get("direction").asText());
      Study study;
      try (JournalStorage journal = journal(path + "/study/journal.jsonl", conf,
          java.time.Clock.systemUTC())) {
        Study stored = Study.builder().name(name).direction(direction).storage(journal)
            .loadIfExists(true).build();
        study = TunerStorage.inMemoryCopy(name, direction, stored.trials());
      }
      Map<Integer, Model<?>[]> subs = new LinkedHashMap<>();
      int folds = extra.get("folds").asInt();
      if (extra.path("persistSubModels").asBoolean(false)) {
        for (int k = 0; k < folds; k++) {
          for (String trial : children(path + "/subModels/fold" + k, conf)) {
            int n = Integer.parseInt(trial);
            subs.computeIfAbsent(n, x -> new Model<?>[folds])[k] =
                (Model<?>) loadStage(spark, path + "/subModels/fold" + k + "/" + trial);
          }
        }
      }
      m.restore(best, study, folds, subs);
      return m;
    }
  }

  private static List<String> children(String dir, Configuration conf) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return List.of();
      }
      return java.util.Arrays.stream(fs.listStatus(p)).filter(FileStatus::isDirectory)
          .map(s -> s.getPath().getName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static JsonNode metadata(SparkSession spark, String path, Class<?> expected) {
    String line;
    try {
      line = spark.sparkContext().textFile(path + "/metadata", 1).first();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("path must hold a saved " + expected.getSimpleName()
          + " (a metadata/ directory), but got '" + path + "'", e);
    }
    try {
      JsonNode meta = JSON.readTree(line);
      String cls = meta.path("class").asText();
      require(cls.equals(expected.getName()), "path must hold a saved %s, but got one of %s at"
          + " '%s'", expected.getSimpleName(), cls, path);
      return meta;
    } catch (IOException e) {
      throw new IllegalArgumentException("path '" + path + "' has unreadable metadata: "
          + e.getMessage(), e);
    }
  }

  /** Loads the stage saved at {@code path} through its class's static {@code read()}. */
  static Object loadStage(SparkSession spark, String path) {
    String line = spark.sparkContext().textFile(path + "/metadata", 1).first();
    String cls;
    try {
      cls = JSON.readTree(line).path("class").asText();
    } catch (IOException e) {
      throw new IllegalArgumentException("path '" + path + "' has unreadable metadata", e);
    }
    try {
      Class<?> c = Class.forName(cls, true, Thread.currentThread().getContextClassLoader());
      MLReader<?> reader = (MLReader<?>) c.getMethod("read").invoke(null);
      return reader.load(path);
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException("the stage saved at '" + path + "' must be of a loadable"
          + " class with a static read(), but got " + cls, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot read the stage at '" + path + "'", e.getCause());
    }
  }

  @SuppressWarnings("unchecked")
  private static void loadTunerParts(SparkTunerParams p, JsonNode meta, String path) {
    SparkSession spark = SparkSession.active();
    Estimator<?> est = (Estimator<?>) loadStage(spark, path + "/estimator");
    Evaluator ev = (Evaluator) loadStage(spark, path + "/evaluator");
    p.set(p.estimator(), est);
    p.set(p.evaluator(), ev);
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.path("paramMap").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      require(p.hasParam(e.getKey()), "metadata param %s must be a param of %s, but got '%s'",
          e.getKey(), p.getClass().getSimpleName(), e.getKey());
      Param<Object> param = (Param<Object>) (Param<?>) p.getParam(e.getKey());
      p.set(param, param.jsonDecode(e.getValue().toString()));
    }
    if (meta.has("space")) {
      JsonNode s = meta.get("space");
      ParamSpace space = ParamSpace.over(est);
      for (Iterator<Map.Entry<String, JsonNode>> it = s.path("distributions").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          space.add(e.getKey(), JSON.readerFor(Distribution.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(e.getValue()));
        } catch (IOException x) {
          throw new IllegalArgumentException("space." + e.getKey() + " has an unreadable"
              + " distribution " + e.getValue(), x);
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = s.path("fixed").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Param<Object> param = (Param<Object>) (Param<?>) space.resolve(e.getKey());
        space.fixed(e.getKey(), param.jsonDecode(e.getValue().toString()));
      }
      p.set(p.space(), space);
    }
    if (meta.has("estimatorParamMaps")) {
      ParamSpace names = ParamSpace.over(est);
      JsonNode all = meta.get("estimatorParamMaps");
      ParamMap[] maps = new ParamMap[all.size()];
      for (int i = 0; i < maps.length; i++) {
        maps[i] = new ParamMap();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.get(i).fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          Param<Object> param = (Param<Object>) (Param<?>) names.resolve(e.getKey());
          maps[i].put(param, param.jsonDecode(e.getValue().toString()));
        }
      }
      p.set(p.estimatorParamMaps(), maps);
    }
  }
}
