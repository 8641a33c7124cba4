package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.pruner.asha.Resumable;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.workload.Budget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one trial of an MLlib estimator is scored, shared by {@link SparkTuner} and the {@code
 * mllib} command-line workload: k-fold cross-validation (stratified by label for classification
 * evaluators), a train/validation split, or the user's fold column, over a training DataFrame
 * whose fold assignment is computed and cached once, not per trial.
 *
 * <p>{@link #objective()} fits the estimator on each fold's training rows with the trial's
 * {@link ParamSpace#paramMap}, scores the fold's validation rows with the evaluator, reports the
 * running mean after each fold ({@code trial.report(mean, fold)}) and stops when the study's
 * pruner says so, records the per-fold values ({@value #FOLD_METRICS}), their standard deviation
 * ({@value #STD_METRIC}) and the extra metrics ({@code metric.<name>}) as user attributes, and
 * returns the mean. A fit or evaluation that throws fails that trial only. Each fit is Spark jobs
 * started from the calling thread: run it with {@code SparkTrialExecutor.jobs(spark)}.
 *
 * <p>With a {@linkplain Builder#budget budget} (an iteration param such as {@code maxIter} or
 * {@code numTrees}, or {@value #ROWS}: a fraction of each fold's training rows, sampled by Spark),
 * {@link #resumable()} and {@link #budget()} serve ASHA and the other resource-based pruners. No
 * public MLlib estimator can continue a fit from a saved model, so a promoted trial retrains at the
 * larger budget; the resource trained, retraining included, is the user attribute {@value
 * #RESOURCE_TRAINED}.
 */
public final class CrossValidation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

  /** The budget name for a fraction of the training rows. */
  public static final String ROWS = "rows";
  /** User attribute: the evaluator's value on each validation fold, in fold order. */
  public static final String FOLD_METRICS = "fold_metrics";
  /** User attribute: the standard deviation of the fold values (0 for a single split). */
  public static final String STD_METRIC = "std_metric";
  /** User attribute prefix of an extra metric's mean over the folds. */
  public static final String METRIC_PREFIX = "metric.";
  /** User attribute: resource units trained by the trial so far, retraining included. */
  public static final String RESOURCE_TRAINED = "resource_trained";

  private static final String FOLD = "__sparktune_fold";
  private static final String RAND = "__sparktune_rand";

  private final Estimator<?> estimator;
  private final Evaluator evaluator;
  private final ParamSpace space;
  private final List<String> extraMetrics;
  private final long seed;
  private final String validation;
  private final Dataset<Row> data;
  private final int folds;
  private final String foldColumn;
  private final boolean dropFoldColumn;
  private final BudgetSpec budgetSpec;
  private final boolean collectSubModels;
  private final Map<Integer, Model<?>[]> subModels = new ConcurrentHashMap<>();

  private record BudgetSpec(String name, Param<?> param, int min, int max, int eta) {}

  private CrossValidation(Builder b, Dataset<Row> train) {
    this.estimator = b.space.estimator();
    this.evaluator = b.evaluator;
    this.space = b.space;
    this.extraMetrics = List.copyOf(b.extraMetrics);
    this.seed = b.seed;
    this.collectSubModels = b.collectSubModels;
    this.budgetSpec = b.budget;
    boolean stratify = b.stratified != null ? b.stratified : isClassification(evaluator);
    if (b.foldCol != null) {
      checkFoldColumn(train, b.foldCol, b.numFolds);
      this.folds = b.numFolds;
      this.foldColumn = b.foldCol;
      this.dropFoldColumn = true;
      this.validation = String.format(Locale.ROOT, "%d folds from column %s", folds, b.foldCol);
      this.data = train.cache();
    } else if (b.trainRatio != null) {
      this.folds = 1;
      this.foldColumn = FOLD;
      this.dropFoldColumn = true;
      this.validation = String.format(Locale.ROOT, "train/validation split %s/%s (seed %d)",
          b.trainRatio, 1 - b.trainRatio, seed);
      this.data = train.withColumn(FOLD, functions.when(functions.rand(seed).lt(b.trainRatio),
          functions.lit(-1)).otherwise(functions.lit(0))).cache();
    } else {
      this.folds = b.numFolds;
      this.foldColumn = FOLD;
      this.dropFoldColumn = true;
      String label = labelCol(evaluator);
      boolean canStratify = stratify && Arrays.asList(train.columns()).contains(label);
      Dataset<Row> withFold;
      if (canStratify) {
        withFold = train.withColumn(RAND, functions.rand(seed))
            .withColumn(FOLD, functions.row_number().over(
                Window.partitionBy(functions.col(label)).orderBy(functions.col(RAND)))
                .minus(1).mod(folds).cast(DataTypes.IntegerType))
            .drop(RAND);
      } else {
        withFold = train.withColumn(FOLD,
            functions.floor(functions.rand(seed).multiply(folds)).cast(DataTypes.IntegerType));
      }
      this.validation = String.format(Locale.ROOT, "%d folds%s (seed %d)", folds,
          canStratify ? ", stratified by " + label : "", seed);
      this.data = withFold.cache();
    }
    long rows = data.count();
    LOG.info("Cross-validation over {} rows: {}", rows, validation);
  }

  /**
   * A builder over {@code space}'s estimator, scored by {@code evaluator}.
   *
   * @param space the estimator and the params trials sample
   * @param evaluator scores a fold's predictions; its {@code isLargerBetter} gives the direction
   */
  public static Builder builder(ParamSpace space, Evaluator evaluator) {
    return new Builder(space, evaluator);
  }

  private static boolean isClassification(Evaluator e) {
    return e instanceof BinaryClassificationEvaluator
        || e instanceof MulticlassClassificationEvaluator;
  }

  private static String labelCol(Evaluator e) {
    return e.hasParam("labelCol") ? (String) e.getOrDefault(e.getParam("labelCol")) : "label";
  }

  private static void checkFoldColumn(Dataset<Row> train, String col, int numFolds) {
    StructField f = Arrays.stream(train.schema().fields()).filter(x -> x.name().equals(col))
        .findFirst().orElse(null);
    require(f != null, "foldCol must be a column of the data %s, but got '%s'",
        Arrays.toString(train.columns()), col);
    DataType t = f.dataType();
    require(t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)
            || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType),
        "foldCol '%s' must be an integer column, but got %s", col, t.simpleString());
    Row r = train.agg(functions.min(col), functions.max(col)).first();
    require(!r.isNullAt(0) && ((Number) r.get(0)).longValue() >= 0
            && ((Number) r.get(1)).longValue() < numFolds,
        "foldCol '%s' must hold fold numbers in [0, %d), but got values from %s to %s", col,
        numFolds, r.get(0), r.get(1));
  }

  /** The estimator. */
  public Estimator<?> estimator() {
    return estimator;
  }

  /** The evaluator. */
  public Evaluator evaluator() {
    return evaluator;
  }

  /** The space trials sample. */
  public ParamSpace space() {
    return space;
  }

  /** The space as a {@link SearchSpace} (the study's parameters). */
  public SearchSpace searchSpace() {
    return space.searchSpace();
  }

  /** Maximize if the evaluator's {@code isLargerBetter}, else minimize. */
  public Direction direction() {
    return evaluator.isLargerBetter() ? Direction.MAXIMIZE : Direction.MINIMIZE;
  }

  /** The optimized metric's name ({@code areaUnderROC}), or the evaluator's class name. */
  public String metricName() {
    return metricName(evaluator);
  }

  static String metricName(Evaluator e) {
    return e.hasParam("metricName") ? String.valueOf(e.getOrDefault(e.getParam("metricName")))
        : e.getClass().getSimpleName();
  }

  /** The extra metrics recorded per trial. */
  public List<String> extraMetrics() {
    return extraMetrics;
  }

  /** The number of validation folds (1 for a train/validation split). */
  public int folds() {
    return folds;
  }

  /** How the rows are split, for the console ({@code 3 folds, stratified by label (seed 7)}). */
  public String describe() {
    return validation;
  }

  /** The budget's name ({@value #ROWS} or a param name), or null if there is none. */
  public String budgetName() {
    return budgetSpec == null ? null : budgetSpec.name();
  }

  /**
   * Fits each fold with {@code paramMap} (and the budget param or row fraction at {@code budget},
   * if there is a budget), scores the validation rows, and calls {@code afterFold} with the fold
   * index and the values so far; returns the values per fold.
   */
  private record FoldValues(double[] values, double[][] extras) {}

  private FoldValues evaluateFolds(int trialNumber, ParamMap paramMap, int budget,
      FoldListener afterFold) throws Exception {
    double[] values = new double[folds];
    Arrays.fill(values, Double.NaN);
    double[][] extras = new double[extraMetrics.size()][folds];
    ParamMap pm = paramMap.copy();
    double fraction = 1.0;
    if (budgetSpec != null) {
      if (budgetSpec.param() != null) {
        ParamSpace.put(pm, budgetSpec.param(),
            ParamSpace.convert(budgetSpec.name(), budgetSpec.param(), budget));
      } else {
        fraction = Math.min(1.0, (double) budget / budgetSpec.max());
      }
    }
    Model<?>[] models = collectSubModels ? new Model<?>[folds] : null;
    for (int k = 0; k < folds; k++) {
      Dataset<Row> fit = data.filter(functions.col(foldColumn).notEqual(k));
      Dataset<Row> valid = data.filter(functions.col(foldColumn).equalTo(k));
      if (dropFoldColumn) {
        fit = fit.drop(foldColumn);
        valid = valid.drop(foldColumn);
      }
      if (fraction < 1.0) {
        fit = fit.sample(false, fraction, seed + 31L * k + budget);
      }
      Model<?> model = (Model<?>) estimator.fit(fit, pm);
      Dataset<Row> predictions = model.transform(valid);
      if (!extraMetrics.isEmpty()) {
        predictions = predictions.cache();
      }
      try {
        values[k] = evaluator.evaluate(predictions);
        for (int m = 0; m < extraMetrics.size(); m++) {
          extras[m][k] = withMetric(evaluator, extraMetrics.get(m)).evaluate(predictions);
        }
      } finally {
        if (!extraMetrics.isEmpty()) {
          predictions.unpersist();
        }
      }
      if (models != null) {
        models[k] = model;
      }
      if (afterFold != null) {
        afterFold.after(k, Arrays.copyOf(values, k + 1), extras);
      }
    }
    if (models != null) {
      subModels.put(trialNumber, models);
    }
    return new FoldValues(values, extras);
  }

  @FunctionalInterface
  private interface FoldListener {
    void after(int fold, double[] valuesSoFar, double[][] extras) throws Exception;
  }

  private static Evaluator withMetric(Evaluator e, String metric) {
    return e.copy(new ParamMap().put(metricParam(e), metric));
  }

  @SuppressWarnings("unchecked")
  private static Param<Object> metricParam(Evaluator e) {
    return (Param<Object>) e.getParam("metricName");
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private void record(Trial trial, double[] values, double[][] extras) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    trial.setUserAttr(FOLD_METRICS, list);
    trial.setUserAttr(STD_METRIC, std(values));
    for (int m = 0; m < extraMetrics.size(); m++) {
      trial.setUserAttr(METRIC_PREFIX + extraMetrics.get(m),
          mean(Arrays.copyOf(extras[m], values.length)));
    }
  }

  /**
   * The objective of a study over {@link #searchSpace()}: the mean of the fold values, with the
   * running mean reported after each fold and the study's pruner asked before the next fold. With
   * a budget, trains at its full size.
   */
  public Objective objective() {
    int full = budgetSpec == null ? 0 : budgetSpec.max();
    return trial -> {
      ParamMap pm = space.paramMap(suggestAll(space, trial));
      FoldValues done = evaluateFolds(trial.number(), pm, full, (k, soFar, extras) -> {
        double running = mean(soFar);
        trial.report(running, k);
        if (k + 1 < folds && trial.shouldPrune()) {
          record(trial, soFar, extras);
          throw new TrialPrunedException(String.format(Locale.ROOT,
              "Trial was pruned after fold %d of %d with a running mean of %s.", k + 1, folds,
              running));
        }
      });
      record(trial, done.values(), done.extras());
      return mean(done.values());
    };
  }

  /**
   * The objective ASHA pauses and promotes ({@code Scheduler.asha}) when there is a budget, else
   * null: each job trains every fold at the job's budget and returns the mean; its checkpoint holds
   * the resource reached and trained so far (MLlib estimators retrain, they do not continue).
   */
  public ResumableObjective resumable() {
    if (budgetSpec == null) {
      return null;
    }
    return () -> new Run();
  }

  /**
   * Suggests every sampled parameter of {@code space} on {@code trial} (a trial asked with the
   * space returns the values it already holds) and returns them by name.
   */
  static Map<String, Object> suggestAll(ParamSpace space, Trial trial) {
    Map<String, Object> out = new LinkedHashMap<>();
    space.distributions().forEach((name, d) -> {
      Object v;
      if (d instanceof io.sparktune.space.FloatDistribution f) {
        v = trial.suggestFloat(name, f);
      } else if (d instanceof io.sparktune.space.IntDistribution i) {
        v = trial.suggestInt(name, i);
      } else {
        v = trial.suggestCategorical(name, (io.sparktune.space.CategoricalDistribution) d);
      }
      out.put(name, v);
    });
    return out;
  }

  /** ASHA's resource range for {@link #resumable()}, or null without a budget. */
  public Budget budget() {
    return budgetSpec == null ? null
        : new Budget(budgetSpec.min(), budgetSpec.max(), budgetSpec.eta(),
            PromotionQuota.CEIL_FROM_ETA);
  }

  /** One trial's training run at growing budgets (retraining each time). */
  private final class Run implements Resumable {
    private Trial trial;
    private ParamMap paramMap;
    private long trained;

    @Override
    public void init(Trial trial) {
      this.trial = trial;
      this.paramMap = space.paramMap(suggestAll(space, trial));
    }

    @Override
    public double train(int budget) throws Exception {
      FoldValues done = evaluateFolds(trial.number(), paramMap, budget, null);
      trained += (long) budget * folds;
      record(trial, done.values(), done.extras());
      trial.setUserAttr(RESOURCE_TRAINED, trained);
      return mean(done.values());
    }

    @Override
    public void save(OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(trained);
      d.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
      trained = new DataInputStream(in).readLong();
    }
  }

  /**
   * Fits the estimator with {@code params} (a trial's parameters; the fixed values and a budget
   * param at its full size are added) on {@code data}: the refit of the best trial.
   */
  public Model<?> refit(Map<String, ?> params, Dataset<?> data) {
    ParamMap pm = space.paramMap(params);
    if (budgetSpec != null && budgetSpec.param() != null) {
      ParamSpace.put(pm, budgetSpec.param(), ParamSpace.convert(budgetSpec.name(), budgetSpec.param(), budgetSpec.max()));
    }
    return (Model<?>) estimator.fit(data, pm);
  }

  /** The fold models of a trial, if sub-models are collected and the trial finished its folds. */
  public Model<?>[] subModels(int trialNumber) {
    return subModels.get(trialNumber);
  }

  /** Releases the cached training rows. */
  @Override
  public void close() {
    data.unpersist();
  }

  /** Builds a {@link CrossValidation}. */
  public static final class Builder {
    private final ParamSpace space;
    private final Evaluator evaluator;
    private int numFolds = 3;
    private boolean foldsSet;
    private Double trainRatio;
    private String foldCol;
    private Boolean stratified;
    private long seed = 42;
    private final List<String> extraMetrics = new ArrayList<>();
    private boolean collectSubModels;
    private BudgetSpec budget;

    private Builder(ParamSpace space, Evaluator evaluator) {
      require(space != null, "space must not be null, but got null");
      require(evaluator != null, "evaluator must not be null, but got null");
      this.space = space;
      this.evaluator = evaluator;
    }

    /** K-fold cross-validation with {@code numFolds >= 2} folds (the default, 3). */
    public Builder numFolds(int numFolds) {
      require(numFolds >= 2, "numFolds must be >= 2, but got %d", numFolds);
      this.numFolds = numFolds;
      this.foldsSet = true;
      return this;
    }

    /** One train/validation split with {@code trainRatio} of the rows to train, in (0, 1). */
    public Builder trainRatio(double trainRatio) {
      require(trainRatio > 0 && trainRatio < 1, "trainRatio must be in (0, 1), but got %s",
          trainRatio);
      this.trainRatio = trainRatio;
      return this;
    }

    /** The user's fold column: integers in {@code [0, numFolds)}, dropped before fitting. */
    public Builder foldCol(String foldCol) {
      require(foldCol != null && !foldCol.isEmpty(),
          "foldCol must be a column name, but got '%s'", foldCol);
      this.foldCol = foldCol;
      return this;
    }

    /**
     * Whether k folds keep the label's class proportions (default: yes for binary and multiclass
     * classification evaluators, no otherwise).
     */
    public Builder stratified(boolean stratified) {
      this.stratified = stratified;
      return this;
    }

    /** Seeds the fold assignment and the row sampling of a row budget (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Metrics recorded per trial besides the optimized one, each a {@code metricName} of the
     * evaluator ({@code areaUnderPR}, {@code logLoss}, {@code mae}, ...).
     *
     * @throws IllegalArgumentException if the evaluator has no {@code metricName} or rejects one
     */
    public Builder extraMetrics(List<String> metrics) {
      require(metrics != null, "extraMetrics must not be null, but got null");
      for (String m : metrics) {
        require(evaluator.hasParam("metricName"),
            "extraMetrics needs an evaluator with a metricName param, but got %s",
            evaluator.getClass().getSimpleName());
        Param<?> p = evaluator.getParam("metricName");
        boolean ok;
        try {
          ok = m != null && Boolean.TRUE.equals(
              ((scala.Function1<Object, Object>) p.isValid()).apply(m));
        } catch (RuntimeException e) {
          ok = false;
        }
        require(ok, "extraMetrics '%s' must be a metricName of %s (%s), but got '%s'", m,
            evaluator.getClass().getSimpleName(), p.doc(), m);
        extraMetrics.add(m);
      }
      return this;
    }

    /** Keep each trial's fold models ({@link CrossValidation#subModels}). */
    public Builder collectSubModels(boolean collect) {
      this.collectSubModels = collect;
      return this;
    }

    /**
     * A resource budget for ASHA and the other resource-based pruners: {@code name} is an int
     * param of the estimator ({@code maxIter}, {@code numTrees}, {@code 2.maxIter}) set to the
     * resource, or {@value CrossValidation#ROWS} for the fraction {@code resource / maxResource}
     * of each fold's training rows.
     *
     * @throws IllegalArgumentException if the param is unknown, not an int param, in the space
     *     already, or rejects {@code minResource}; or the range is empty
     */
    public Builder budget(String name, int minResource, int maxResource, int reductionFactor) {
      require(name != null && !name.isEmpty(),
          "budget must be rows or an int param of the estimator, but got '%s'", name);
      require(minResource >= 1, "budget minResource must be >= 1, but got %d", minResource);
      require(maxResource > minResource,
          "budget maxResource must be > minResource %d, but got %d", minResource, maxResource);
      require(reductionFactor >= 2, "budget reductionFactor must be >= 2, but got %d",
          reductionFactor);
      Param<?> p = null;
      if (!name.equals(ROWS)) {
        p = space.resolve(name);
        require(p instanceof IntParam, "budget %s must be an int param (an iteration count),"
            + " but got %s param", name, ParamSpace.kindOf(p).article);
        require(!space.distributions().containsKey(name) && !space.fixedValues().containsKey(name),
            "budget %s must not be in the space too, but got it there", name);
        ParamSpace.over(space.estimator()).fixed(name, minResource);
        ParamSpace.over(space.estimator()).fixed(name, maxResource);
      }
      this.budget = new BudgetSpec(name, p, minResource, maxResource, reductionFactor);
      return this;
    }

    /**
     * Assigns the folds of {@code train} (cached once, until {@link CrossValidation#close}).
     *
     * @throws IllegalArgumentException if both numFolds and trainRatio are set, or foldCol is
     *     not an integer column in {@code [0, numFolds)}
     */
    public CrossValidation build(Dataset<Row> train) {
      require(train != null, "data must not be null, but got null");
      require(!(foldsSet && trainRatio != null),
          "numFolds and trainRatio must not both be set, but got numFolds=%d and trainRatio=%s",
          numFolds, trainRatio);
      require(!(foldCol != null && trainRatio != null),
          "foldCol and trainRatio must not both be set, but got foldCol='%s' and trainRatio=%s",
          foldCol, trainRatio);
      return new CrossValidation(this, train);
    }
  }

  @Override
  public String toString() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("estimator", estimator.getClass().getSimpleName());
    m.put("metric", metricName());
    m.put("validation", validation);
    if (budgetSpec != null) {
      m.put("budget", budgetSpec.name() + " " + budgetSpec.min() + ".." + budgetSpec.max());
    }
    return "CrossValidation" + m;
  }
}
