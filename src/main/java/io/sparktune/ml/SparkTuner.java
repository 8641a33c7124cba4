package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.HyperbandPruner;
import io.sparktune.pruner.MedianPruner;
import io.sparktune.pruner.NopPruner;
import io.sparktune.pruner.PercentilePruner;
import io.sparktune.pruner.Pruner;
import io.sparktune.pruner.SuccessiveHalvingPruner;
import io.sparktune.pruner.asha.AshaScheduler;
import io.sparktune.pruner.asha.CheckpointStore;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.sampler.GridSampler;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.spark.HadoopCheckpointStore;
import io.sparktune.spark.SparkTrialExecutor;
import io.sparktune.storage.Storage;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.study.AshaPolicy;
import io.sparktune.study.Objective;
import io.sparktune.study.Scheduler;
import io.sparktune.study.Study;
import io.sparktune.study.StudyDriver;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Budget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLlib {@link Estimator} that tunes another estimator (a {@code Pipeline} too): a drop-in for
 * {@code CrossValidator} and {@code TrainValidationSplit} that runs a sparktune study (TPE,
 * pruning, ASHA, a crash-safe journal) instead of a grid.
 *
 * <pre>{@code
 * GBTClassifier gbt = new GBTClassifier();
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {indexer, assembler, gbt});
 * SparkTuner tuner = new SparkTuner().setEstimator(pipeline)
 *     .setEvaluator(new BinaryClassificationEvaluator())
 *     .setSpace(ParamSpace.over(pipeline).intRange(gbt.maxDepth(), 2, 8)
 *         .logRange(gbt.stepSize(), 0.01, 0.3))
 *     .setNumTrials(30).setParallelism(2);
 * SparkTunerModel model = tuner.fit(training);
 * model.transform(test);
 * }</pre>
 *
 * <p>CrossValidator's params keep their meaning: {@code estimatorParamMaps} (a Cartesian
 * {@code ParamGridBuilder} grid runs as the grid sampler in the grid's order, so the same data
 * give the same best ParamMap; other lists of maps run in their order), {@code numFolds}, {@code
 * foldCol}, {@code trainRatio} (a train/validation split, as TrainValidationSplit), {@code
 * parallelism}, {@code seed}, {@code collectSubModels}. The direction follows the evaluator's
 * {@code isLargerBetter}. The study's params: {@code space} (a {@link ParamSpace}), {@code
 * numTrials}, {@code timeout}, {@code sampler}, {@code pruner} (the median and percentile pruners
 * compare the running fold means, so a hopeless configuration stops after one or two folds; sha,
 * hyperband and asha count a {@code budget}), {@code storage} (a journal: a fit that crashed
 * resumes its study, keeping the trials that finished) and {@code studyName}.
 *
 * <p>Trials are job-parallel: each fit is Spark jobs started from a driver thread in a FAIR pool
 * of its own, {@code parallelism} at once. A fit that throws fails that trial only. The log keeps
 * CrossValidator's lines ("Average cross-validation metrics: ...", "Best set of parameters:",
 * "Best cross-validation metric: ...") besides the study's line per trial.
 */
public final class SparkTuner extends Estimator<SparkTunerModel>
    implements SparkTunerParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SparkTuner.class);
  /** Trials without a grid and without {@code numTrials}. */
  static final int DEFAULT_TRIALS = 20;
  /** The largest grid a space of ranges expands to for the grid sampler. */
  private static final int MAX_GRID = 100_000;

  private final String uid;
  private final TunerParamSet ps;

  /** A tuner with a random uid. */
  public SparkTuner() {
    this(Identifiable$.MODULE$.randomUID("sparktune"));
  }

  /** A tuner with the given uid (what MLlib's readers call). */
  public SparkTuner(String uid) {
    this.uid = uid;
    this.ps = new TunerParamSet(this);
    ps.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public TunerParamSet tunerParamSet() {
    return ps;
  }

  // ------------------------------------------------------------------------------------ setters

  /** The estimator to tune. */
  public SparkTuner setEstimator(Estimator<?> value) {
    require(value != null, "estimator must be an Estimator, but got null");
    set(estimator(), value);
    return this;
  }

  /** The evaluator; its {@code isLargerBetter} gives the study's direction. */
  public SparkTuner setEvaluator(Evaluator value) {
    require(value != null, "evaluator must be an Evaluator, but got null");
    set(evaluator(), value);
    return this;
  }

  /**
   * CrossValidator's param maps: a Cartesian grid runs as the grid sampler, other lists in order.
   *
   * @throws IllegalArgumentException if the array is empty, or (with the estimator set) a map
   *     sets a param that is not the estimator's or its stages'
   */
  public SparkTuner setEstimatorParamMaps(ParamMap[] value) {
    require(value != null && value.length > 0,
        "estimatorParamMaps must hold at least one ParamMap, but got %s",
        value == null ? "null" : "none");
    if (isDefined(estimator())) {
      names(ParamSpace.over(getEstimator()), value);
    }
    set(estimatorParamMaps(), value);
    return this;
  }

  /** The search space over the estimator's params. */
  public SparkTuner setSpace(ParamSpace value) {
    require(value != null, "space must be a ParamSpace, but got null");
    set(space(), value);
    return this;
  }

  /** Folds for cross-validation (>= 2, default 3). */
  public SparkTuner setNumFolds(int value) {
    require(value >= 2, "numFolds must be >= 2, but got %d", value);
    set(numFolds(), value);
    return this;
  }

  /** The user's fold column, integers in [0, numFolds); empty for random folds. */
  public SparkTuner setFoldCol(String value) {
    require(value != null, "foldCol must be a column name or empty, but got null");
    set(foldCol(), value);
    return this;
  }

  /** One train/validation split with this ratio of training rows, in (0, 1). */
  public SparkTuner setTrainRatio(double value) {
    require(value > 0 && value < 1, "trainRatio must be in (0, 1), but got %s", value);
    set(trainRatio(), value);
    return this;
  }

  /** Trials at once (>= 0; 0 follows the cluster's cores; default 1 as CrossValidator). */
  public SparkTuner setParallelism(int value) {
    require(value >= 0, "parallelism must be >= 0 (0: the cluster's cores), but got %d", value);
    set(parallelism(), value);
    return this;
  }

  /** Seeds the folds, the sampler and a row budget's sampling. */
  public SparkTuner setSeed(long value) {
    set(seed(), value);
    return this;
  }

  /** Keep every trial's fold models in the fitted model. */
  public SparkTuner setCollectSubModels(boolean value) {
    set(collectSubModels(), value);
    return this;
  }

  /** Trials the study should have in all, those of a resumed study included (>= 1). */
  public SparkTuner setNumTrials(int value) {
    require(value >= 1, "numTrials must be >= 1, but got %d", value);
    set(numTrials(), value);
    return this;
  }

  /** After this many seconds no trial starts and running ones are cancelled (> 0). */
  public SparkTuner setTimeout(double value) {
    require(value > 0 && Double.isFinite(value), "timeout must be > 0 seconds, but got %s",
        value);
    set(timeout(), value);
    return this;
  }

  /** tpe, random or grid. */
  public SparkTuner setSampler(String value) {
    require(Arrays.asList(TunerParamSet.SAMPLERS).contains(value),
        "sampler must be one of %s, but got '%s'", Arrays.toString(TunerParamSet.SAMPLERS),
        value);
    set(sampler(), value);
    return this;
  }

  /** none, median, percentile, sha, hyperband or asha (the last three need a budget). */
  public SparkTuner setPruner(String value) {
    require(Arrays.asList(TunerParamSet.PRUNERS).contains(value),
        "pruner must be one of %s, but got '%s'", Arrays.toString(TunerParamSet.PRUNERS), value);
    set(pruner(), value);
    return this;
  }

  /** The percentile pruner's percentile, in [0, 100] (default 25). */
  public SparkTuner setPrunerPercentile(double value) {
    require(value >= 0 && value <= 100, "prunerPercentile must be in [0, 100], but got %s",
        value);
    set(prunerPercentile(), value);
    return this;
  }

  /** Trials that finish before the median or percentile pruner prunes (>= 0, default 5). */
  public SparkTuner setPrunerStartupTrials(int value) {
    require(value >= 0, "prunerStartupTrials must be >= 0, but got %d", value);
    set(prunerStartupTrials(), value);
    return this;
  }

  /**
   * The resource of sha, hyperband and asha: {@code rows} (resource r trains on r/maxResource of
   * each fold's training rows) or an int param of the estimator ({@code maxIter}, {@code
   * 2.numTrees}) set to the resource.
   *
   * @throws IllegalArgumentException (with the estimator set) if the param is not an int param
   */
  public SparkTuner setBudget(String value) {
    require(value != null && !value.isEmpty(),
        "budget must be rows or an int param of the estimator, but got '%s'", value);
    if (isDefined(estimator()) && !value.equals(CrossValidation.ROWS)) {
      ParamSpace s = ParamSpace.over(getEstimator());
      require(s.resolve(value) instanceof org.apache.spark.ml.param.IntParam,
          "budget %s must be an int param (an iteration count), but got %s param", value,
          ParamSpace.kindOf(s.resolve(value)).article);
    }
    set(budget(), value);
    return this;
  }

  /** The first rung's resource (>= 1, default 1). */
  public SparkTuner setMinResource(int value) {
    require(value >= 1, "minResource must be >= 1, but got %d", value);
    set(minResource(), value);
    return this;
  }

  /** A full training run's resource (>= 2, default 27). */
  public SparkTuner setMaxResource(int value) {
    require(value >= 2, "maxResource must be >= 2, but got %d", value);
    set(maxResource(), value);
    return this;
  }

  /** eta of sha, hyperband and asha (>= 2, default 3). */
  public SparkTuner setReductionFactor(int value) {
    require(value >= 2, "reductionFactor must be >= 2, but got %d", value);
    set(reductionFactor(), value);
    return this;
  }

  /** A journal URI (file:, hdfs:, or a local path) so that a crashed fit resumes; empty: memory. */
  public SparkTuner setStorage(String value) {
    require(value != null, "storage must be a URI, a path or empty, but got null");
    set(storage(), value);
    return this;
  }

  /** The study's name in the storage (default sparktune). */
  public SparkTuner setStudyName(String value) {
    require(value != null && !value.isBlank(), "studyName must not be blank, but got '%s'",
        value);
    set(studyName(), value);
    return this;
  }

  /** Metric names of the evaluator recorded per trial besides the optimized one. */
  public SparkTuner setExtraMetrics(String[] value) {
    require(value != null, "extraMetrics must be an array of metric names, but got null");
    set(extraMetrics(), value);
    return this;
  }

  /** Whether k folds keep the label's proportions (classification evaluators; default true). */
  public SparkTuner setStratified(boolean value) {
    set(stratified(), value);
    return this;
  }

  // ---------------------------------------------------------------------------------------- fit

  /** What {@link #fit} runs: the space, the maps to enqueue, sampler and pruner names. */
  record Plan(ParamSpace space, List<Map<String, Object>> enqueue, boolean cartesian,
      String sampler, String pruner, int numTrials) {}

  /** Resolves the space, the grid and the defaults, checking every param together. */
  Plan plan() {
    require(isDefined(estimator()), "estimator must be set, but got none");
    require(isDefined(evaluator()), "evaluator must be set, but got none");
    Estimator<?> est = getEstimator();
    ParamMap[] maps = getEstimatorParamMaps();
    ParamSpace userSpace = getSpace();
    require(maps == null || userSpace == null,
        "space and estimatorParamMaps must not both be set, but got both");
    require(!(isSet(trainRatio()) && isSet(numFolds())),
        "numFolds and trainRatio must not both be set, but got numFolds=%d and trainRatio=%s",
        getNumFolds(), getTrainRatio());
    require(!(isSet(trainRatio()) && !getFoldCol().isEmpty()),
        "foldCol and trainRatio must not both be set, but got foldCol='%s' and trainRatio=%s",
        getFoldCol(), getTrainRatio());
    ParamSpace space;
    List<Map<String, Object>> enqueue = List.of();
    boolean cartesian = false;
    if (maps != null) {
      List<Map<String, Object>> named = names(ParamSpace.over(est), maps);
      Map<String, List<Object>> values = new LinkedHashMap<>();
      for (Map<String, Object> m : named) {
        m.forEach((k, v) -> {
          List<Object> l = values.computeIfAbsent(k, x -> new ArrayList<>());
          if (l.stream().noneMatch(y -> sameValue(y, v))) {
            l.add(v);
          }
        });
      }
      space = ParamSpace.over(est);
      for (Map.Entry<String, List<Object>> e : values.entrySet()) {
        space.add(e.getKey(), new CategoricalDistribution(e.getValue()));
      }
      enqueue = fillMissing(est, named, values.keySet());
      long product = 1;
      for (List<Object> l : values.values()) {
        product *= l.size();
      }
      Set<List<Object>> distinct = new LinkedHashSet<>();
      for (Map<String, Object> m : enqueue) {
        distinct.add(new ArrayList<>(m.values()));
      }
      cartesian = product == enqueue.size() && distinct.size() == enqueue.size()
          && named.stream().allMatch(m -> m.keySet().equals(values.keySet()));
    } else {
      require(userSpace != null, "space or estimatorParamMaps must be set, but got neither");
      space = userSpace.estimator() == est ? userSpace : userSpace.rebind(est);
      require(!space.isEmpty(), "space must sample at least one param, but got only fixed"
          + " values %s", space.fixedValues().keySet());
    }
    String sampler = isSet(sampler()) ? getOrDefault(sampler())
        : maps != null ? (cartesian ? "grid" : "random") : "tpe";
    String pruner = isSet(pruner()) ? getOrDefault(pruner()) : maps != null ? "none" : "median";
    boolean resource = pruner.equals("sha") || pruner.equals("hyperband")
        || pruner.equals("asha");
    require(!resource || !getBudget().isEmpty(),
        "budget must be set for pruner %s (rows or an int param such as maxIter), but got none",
        pruner);
    require((Integer) getOrDefault(maxResource()) > (Integer) getOrDefault(minResource()),
        "maxResource must be > minResource %d, but got %d", getOrDefault(minResource()),
        getOrDefault(maxResource()));
    int n = isSet(numTrials()) ? (Integer) getOrDefault(numTrials())
        : maps != null && (sampler.equals("grid") || !cartesian) ? maps.length
            : sampler.equals("grid") ? gridOf(space).values().stream()
                .mapToInt(List::size).reduce(1, Math::multiplyExact)
            : DEFAULT_TRIALS;
    if (sampler.equals("grid")) {
      gridOf(space); // checks that the space is discrete
    }
    if (cartesian && !sampler.equals("grid")) {
      enqueue = List.of(); // the grid is only the space: TPE or random sample it
    }
    return new Plan(space, enqueue, cartesian, sampler, pruner, n);
  }

  private static boolean sameValue(Object a, Object b) {
    return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
        : Objects.equals(a, b);
  }

  /** Each map by the space's names, values as the space takes them (scalars only). */
  static List<Map<String, Object>> names(ParamSpace space, ParamMap[] maps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < maps.length; i++) {
      require(maps[i] != null, "estimatorParamMaps[%d] must be a ParamMap, but got null", i);
      Map<String, Object> m = new LinkedHashMap<>();
      for (ParamPair<?> pair : maps[i].toList()) {
        Param<?> p = pair.param();
        String name;
        try {
          name = space.nameOf(p);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("estimatorParamMaps[" + i + "] " + e.getMessage(),
              e);
        }
        Object v = pair.value();
        require(v instanceof String || v instanceof Number || v instanceof Boolean,
            "estimatorParamMaps[%d] %s must be a number, string or boolean for a study, but got"
                + " %s", i, name, v == null ? "null" : v.getClass().getSimpleName());
        m.put(name, v);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Every map with every param of the grid: a param a map leaves out takes the estimator's own
   * value, as it would under CrossValidator.
   */
  private static List<Map<String, Object>> fillMissing(Estimator<?> est,
      List<Map<String, Object>> maps, Set<String> names) {
    ParamSpace resolver = ParamSpace.over(est);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < maps.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String n : names) {
        Object v = maps.get(i).get(n);
        if (v == null) {
          Param<?> p = resolver.resolve(n);
          org.apache.spark.ml.param.Params owner = ownerOf(est, p);
          require(owner.isDefined(p), "estimatorParamMaps[%d] must set %s (other maps set it and"
              + " the estimator has no value for it), but got none", i, n);
          v = owner.getOrDefault(p);
        }
        m.put(n, v);
      }
      out.add(m);
    }
    return out;
  }

  private static org.apache.spark.ml.param.Params ownerOf(
      org.apache.spark.ml.PipelineStage stage, Param<?> p) {
    if (stage.uid().equals(p.parent())) {
      return stage;
    }
    if (stage instanceof org.apache.spark.ml.Pipeline pipe) {
      for (org.apache.spark.ml.PipelineStage s : pipe.getStages()) {
        org.apache.spark.ml.param.Params o = ownerOf(s, p);
        if (o != null) {
          return o;
        }
      }
    }
    return null;
  }

  /** The grid sampler's values per param, or an exception if a range is continuous. */
  static Map<String, List<Object>> gridOf(ParamSpace space) {
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    long size = 1;
    for (Map.Entry<String, Distribution> e : space.distributions().entrySet()) {
      List<Object> values = new ArrayList<>();
      Distribution d = e.getValue();
      if (d instanceof CategoricalDistribution c) {
        values.addAll(c.choices());
      } else if (d instanceof IntDistribution i && !i.log()) {
        for (long v = i.low(); v <= i.high(); v += i.step()) {
          values.add(v);
        }
      } else if (d instanceof FloatDistribution f && f.step() != null) {
        long k = Math.round((f.high() - f.low()) / f.step());
        for (long j = 0; j <= k; j++) {
          values.add(f.low() + j * f.step());
        }
      } else {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "sampler grid needs"
            + " choices or stepped ranges, but %s is %s", e.getKey(), d));
      }
      size *= values.size();
      require(size <= MAX_GRID, "sampler grid must have at most %d points, but the space has"
          + " more", MAX_GRID);
      grid.put(e.getKey(), values);
    }
    return grid;
  }

  private Sampler sampler(Plan plan) {
    long s = getSeed();
    return switch (plan.sampler()) {
      case "grid" -> new GridSampler(gridOf(plan.space()), s);
      case "random" -> new RandomSampler(s);
      default -> TpeSampler.builder().seed(s).build();
    };
  }

  private Pruner pruner(Plan plan) {
    int startup = (Integer) getOrDefault(prunerStartupTrials());
    int min = (Integer) getOrDefault(minResource());
    int max = (Integer) getOrDefault(maxResource());
    int eta = (Integer) getOrDefault(reductionFactor());
    return switch (plan.pruner()) {
      case "median" -> new MedianPruner(startup, 0, 1, 1);
      case "percentile" -> new PercentilePruner((Double) getOrDefault(prunerPercentile()),
          startup, 0, 1, 1);
      case "sha" -> new SuccessiveHalvingPruner(min, eta, 0, 0);
      case "hyperband" -> new HyperbandPruner(min, max, eta, 0);
      default -> new NopPruner();
    };
  }

  @Override
  public SparkTunerModel fit(Dataset<?> dataset) {
    Plan plan = plan();
    Dataset<Row> data = dataset.toDF();
    SparkSession spark = data.sparkSession();
    CrossValidation.Builder b = CrossValidation.builder(plan.space(), getEvaluator())
        .seed(getSeed()).stratified((Boolean) getOrDefault(stratified()))
        .extraMetrics(Arrays.asList(getExtraMetrics())).collectSubModels(getCollectSubModels());
    if (isSet(trainRatio())) {
      b.trainRatio(getTrainRatio());
    } else {
      b.numFolds(getNumFolds());
    }
    if (!getFoldCol().isEmpty()) {
      b.foldCol(getFoldCol());
    }
    if (!getBudget().isEmpty()) {
      b.budget(getBudget(), (Integer) getOrDefault(minResource()),
          (Integer) getOrDefault(maxResource()), (Integer) getOrDefault(reductionFactor()));
    }
    try (CrossValidation cv = b.build(data);
        Storage storage = TunerStorage.open(getStorage(), spark)) {
      Study study = Study.builder().name(getStudyName()).direction(cv.direction())
          .sampler(sampler(plan)).pruner(pruner(plan)).storage(storage).loadIfExists(true)
          .build();
      int resumed = TunerStorage.prepare(study, plan.space().searchSpace(),
          plan.pruner().equals("asha"));
      if (study.trials().isEmpty()) {
        plan.enqueue().forEach(study::enqueueTrial);
      }
      int counted = JournalStorage.countedTrials(study.trials());
      int toRun = Math.max(0, plan.numTrials() - counted);
      LOG.info("Study {}: {} {} with {} sampler and {} pruner over {} ({}), {} trials to run{}",
          study.studyName(), cv.direction().toString().toLowerCase(Locale.ROOT),
          cv.metricName(), plan.sampler(), plan.pruner(), plan.space().searchSpace().params()
              .keySet(), cv.describe(), toRun,
          counted > 0 ? String.format(Locale.ROOT, " (resumed: %d trials kept, %d retried)",
              counted, resumed) : "");
      run(study, cv, plan, spark, toRun);
      FrozenTrial best = study.findBestTrial().orElseThrow(() -> new IllegalStateException(
          "no trial of study '" + study.studyName() + "' completed: " + study.stateCounts()
              + "; see the failed trials' reasons above"));
      List<FrozenTrial> trials = study.trials();
      double[] avg = SparkTunerModel.averages(trials);
      LOG.info("Average cross-validation metrics: {}", Arrays.toString(avg));
      ParamMap bestMap = plan.space().paramMap(best.params());
      LOG.info("Best set of parameters:\n{}", bestMap);
      LOG.info("Best cross-validation metric: {}.", best.value());
      LOG.info("Refitting the best trial {} ({}) on all {} rows", best.number(), best.params(),
          data.count());
      Model<?> bestModel = cv.refit(best.params(), data);
      Map<Integer, Model<?>[]> subs = new LinkedHashMap<>();
      if (getCollectSubModels()) {
        for (FrozenTrial t : trials) {
          Model<?>[] m = cv.subModels(t.number());
          if (m != null) {
            subs.put(t.number(), m);
          }
        }
      }
      Study kept = TunerStorage.inMemoryCopy(study.studyName(), study.direction(), trials);
      SparkTunerModel model = new SparkTunerModel(uid, bestModel, kept, cv.folds(), subs);
      copyValues(model, extractParamMap());
      model.setParent(this);
      return model;
    }
  }

  private void run(Study study, CrossValidation cv, Plan plan, SparkSession spark, int toRun) {
    if (toRun == 0 && !plan.pruner().equals("asha")) {
      return;
    }
    int par = getParallelism();
    Scheduler scheduler;
    Budget budget = cv.budget();
    ResumableObjective resumable = cv.resumable();
    if (plan.pruner().equals("asha")) {
      CheckpointStore store = getStorage().isEmpty() ? CheckpointStore.inMemory()
          : new HadoopCheckpointStore(TunerStorage.checkpointRoot(getStorage()),
              spark.sparkContext().hadoopConfiguration());
      AshaPolicy.Builder asha = Scheduler.asha(AshaScheduler.builder()
          .minResource(budget.minResource()).maxResource(budget.maxResource())
          .reductionFactor(budget.reductionFactor()).promotionQuota(budget.quota()), resumable,
          plan.space().searchSpace(), store);
      if (!getStorage().isEmpty()) {
        asha.keepPaused();
      }
      scheduler = asha.build();
    } else if (plan.pruner().equals("sha") || plan.pruner().equals("hyperband")) {
      List<Integer> milestones = AshaScheduler.builder().minResource(budget.minResource())
          .maxResource(budget.maxResource()).reductionFactor(budget.reductionFactor())
          .direction(cv.direction()).build().milestones();
      Objective stopping = trial -> resumable.evaluateStopping(trial, milestones);
      scheduler = Scheduler.fifo(stopping, plan.space().searchSpace());
    } else {
      scheduler = Scheduler.fifo(cv.objective(), plan.space().searchSpace());
    }
    try (SparkTrialExecutor jobs = SparkTrialExecutor.jobs(spark).slots(par).build()) {
      StudyDriver.Builder driver = StudyDriver.builder(study, jobs).scheduler(scheduler)
          .nTrials(toRun);
      if (isDefined(timeout())) {
        driver.timeout(Duration.ofMillis(Math.max(1, (long) (getTimeout() * 1000))));
      }
      if (study.storage().heartbeats().isPresent()) {
        driver.heartbeatInterval(Duration.ofSeconds(10));
      }
      StudyDriver.Report r = driver.build().run();
      LOG.info("Study {}: {} new trials in {} s on {} slots", study.studyName(), r.newTrials(),
          String.format(Locale.ROOT, "%.1f", r.wallSeconds()),
          String.format(Locale.ROOT, "%.2f", r.meanSlots()));
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    plan();
    return getEstimator().transformSchema(schema);
  }

  @Override
  public SparkTuner copy(ParamMap extra) {
    SparkTuner copied = (SparkTuner) defaultCopy(extra);
    if (copied.isDefined(estimator())) {
      copied.setEstimator(copied.getEstimator().copy(new ParamMap()));
    }
    if (copied.isDefined(evaluator())) {
      copied.setEvaluator(copied.getEvaluator().copy(new ParamMap()));
    }
    return copied;
  }

  // -------------------------------------------------------------------------------- persistence

  @Override
  public MLWriter write() {
    return new TunerPersistence.TunerWriter(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  /** A reader of saved tuners (what MLlib's reflective loading calls). */
  public static MLReader<SparkTuner> read() {
    return new TunerPersistence.TunerReader();
  }

  /** Loads a tuner saved with {@link #save} from any Hadoop URI. */
  public static SparkTuner load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "SparkTuner: uid=" + uid;
  }
}
