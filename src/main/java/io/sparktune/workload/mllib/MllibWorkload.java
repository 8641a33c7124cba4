package io.sparktune.workload.mllib;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.ml.CrossValidation;
import io.sparktune.ml.ParamSpace;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import io.sparktune.workload.Budget;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.Prepared;
import io.sparktune.workload.Workload;
import io.sparktune.workload.WorkloadContext;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.sql.SparkSession;

/**
 * {@code workload.type: mllib}: tunes any Spark ML Estimator ({@code workload.estimator}, a class
 * name) or a saved Pipeline ({@code workload.pipeline}, a URI) on a table read with Spark's data
 * sources ({@code workload.data}: a path on any Hadoop FileSystem or a catalog table), scored by
 * an MLlib evaluator ({@code workload.evaluator}) with k-fold cross-validation or a
 * train/validation split ({@code workload.validation}, {@link CrossValidation}). The space's
 * names are the estimator's param names ({@code stage.param} for a pipeline), checked against it
 * ({@link ParamSpace}). The best parameters are refit on the training rows, scored on the test
 * rows ({@code testScore}) and saved with MLlib's writer as {@code <output>/best-model}.
 *
 * <pre>{@code
 * workload:
 *   type: mllib
 *   estimator: org.apache.spark.ml.classification.GBTClassifier
 *   params: {maxBins: 64}
 *   data: {path: hdfs:///data/churn.parquet, label: churned, testFraction: 0.2}
 *   evaluator: {type: binary, metric: areaUnderROC}
 *   validation: {folds: 3}
 * }</pre>
 */
public final class MllibWorkload implements Workload {
  private MllibConfig config;
  private WorkloadContext context;
  private Direction direction;
  private Estimator<?> estimator;
  private ParamSpace space;
  private BudgetSpec budget;

  /**
   * {@code workload.budget}: the resource ASHA, SHA and Hyperband count.
   *
   * @param resource {@code rows} (a fraction {@code r / maxResource} of the training rows) or an
   *     int param of the estimator ({@code maxIter}, {@code numTrees})
   * @param min the first rung's resource
   * @param max a full fit
   * @param eta the reduction factor
   */
  record BudgetSpec(String resource, int min, int max, int eta) {}

  @Override
  public String type() {
    return "mllib";
  }

  @Override
  public void configure(WorkloadContext c) {
    ConfigNode section = c.section();
    config = MllibConfig.read(section.without("budget"));
    MllibConfig.Scoring s = config.evaluator();
    direction = Evaluators.isLargerBetter(s.type(), s.metric()) ? Direction.MAXIMIZE
        : Direction.MINIMIZE;
    if (c.direction() != null && c.direction() != direction) {
      throw error("study.direction must be %s (or left out) when workload.evaluator.metric is %s"
          + " (%s is better), but got '%s'", name(direction), s.metric(),
          direction == Direction.MAXIMIZE ? "larger" : "smaller", name(c.direction()));
    }
    if (config.estimator() != null) {
      estimator = Estimators.fromClass(config.estimator());
      space = space(estimator, config.params(), c.space());
    }
    budget = budget(MllibConfig.child(section, "budget"), section.has("budget"));
    if (budget != null && space != null) {
      checkBudget(space, budget, evaluator("label", "features"));
    }
    context = c;
  }

  private static String name(Direction d) {
    return d.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The search space over {@code est}: {@code params} fixed, {@code searchSpace} sampled; every
   * name and value checked by the estimator's own params.
   */
  static ParamSpace space(Estimator<?> est, Map<String, Object> params, SearchSpace searchSpace) {
    ParamSpace p = ParamSpace.over(est);
    params.forEach((name, value) -> {
      try {
        p.fixed(name, value);
      } catch (IllegalArgumentException e) {
        throw error("workload.params.%s", e.getMessage());
      }
    });
    for (Map.Entry<String, Distribution> e : searchSpace.params().entrySet()) {
      try {
        p.add(e.getKey(), e.getValue());
      } catch (IllegalArgumentException x) {
        throw error("space.%s", x.getMessage());
      }
    }
    return p;
  }

  private static BudgetSpec budget(ConfigNode n, boolean given) {
    if (!given) {
      return null;
    }
    n.onlyKnown(List.of("resource", "minResource", "maxResource", "reductionFactor"));
    String resource = n.text("resource", null);
    if (resource == null) {
      throw error("workload.budget.resource must be rows or an int param of the estimator"
          + " (maxIter, numTrees, ...), but got none");
    }
    int min = n.integer("minResource", 1L, 1);
    int max = n.integer("maxResource", 9L, 1);
    if (max <= min) {
      throw error("workload.budget.maxResource must be > workload.budget.minResource (%d), but"
          + " got %d", min, max);
    }
    return new BudgetSpec(resource.trim(), min, max, n.integer("reductionFactor", 3L, 2));
  }

  private void checkBudget(ParamSpace p, BudgetSpec b, Evaluator e) {
    try {
      CrossValidation.builder(p, e).budget(b.resource(), b.min(), b.max(), b.eta());
    } catch (IllegalArgumentException x) {
      throw error("workload.budget.resource must be rows or an int param of the estimator that"
          + " the space leaves out, but got '%s' (%s)", b.resource(), x.getMessage());
    }
  }

  /** A new evaluator of the config's type and metric on these columns. */
  Evaluator evaluator(String labelCol, String featuresCol) {
    MllibConfig.Scoring s = config.evaluator();
    return Evaluators.create(s.type(), s.metric(), labelCol, featuresCol);
  }

  /** The settings read by {@link #configure}. */
  MllibConfig config() {
    return config;
  }

  @Override
  public Optional<Direction> direction() {
    return Optional.of(direction);
  }

  @Override
  public String describe() {
    String what = config.estimator() != null ? estimator.getClass().getSimpleName()
        : "pipeline " + config.pipeline();
    return String.format(Locale.ROOT, "mllib (%s, %s %s, %s)", what, config.evaluator().type(),
        config.evaluator().metric(), config.validation().describe());
  }

  @Override
  public Parallelism parallelism() {
    return Parallelism.JOBS;
  }

  @Override
  public Optional<Budget> budget() {
    return budget == null ? Optional.empty() : Optional.of(new Budget(budget.min(),
        budget.max(), budget.eta(), PromotionQuota.CEIL_FROM_ETA));
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    Estimator<?> est = estimator;
    ParamSpace params = space;
    if (est == null) {
      out.println("Loading the pipeline " + config.pipeline() + " ...");
      est = Estimators.loadPipeline(config.pipeline());
      params = space(est, config.params(), context.space());
      if (budget != null) {
        checkBudget(params, budget, evaluator("label", "features"));
      }
    }
    TrainingData data = TrainingData.load(spark, config, config.estimator() != null,
        context.seed(), out);
    if (config.estimator() != null) { // the columns TrainingData made, unless params set them
      fixIfFree(params, est, "labelCol", data.labelCol());
      fixIfFree(params, est, "featuresCol", data.featuresCol());
    }
    Evaluator evaluator = evaluator(data.labelCol() == null ? "label" : data.labelCol(),
        data.featuresCol() == null ? "features" : data.featuresCol());
    MllibConfig.Validation v = config.validation();
    CrossValidation.Builder b = CrossValidation.builder(params, evaluator).seed(context.seed())
        .extraMetrics(config.evaluator().metrics());
    if (v.trainRatio() > 0) {
      b.trainRatio(v.trainRatio());
    } else {
      b.numFolds(v.folds());
      if (v.foldCol() != null) {
        b.foldCol(v.foldCol());
      }
      if (config.evaluator().classification()) {
        b.stratified(v.stratified());
      }
    }
    if (budget != null) {
      b.budget(budget.resource(), budget.min(), budget.max(), budget.eta());
    }
    CrossValidation cv;
    try {
      cv = b.build(data.train());
    } catch (IllegalArgumentException e) {
      throw error("workload.validation.%s", e.getMessage());
    }
    out.println("Validation: " + cv.describe());
    return new MllibPrepared(config, est, cv, data, out);
  }

  private static void fixIfFree(ParamSpace params, Estimator<?> est, String param,
      String value) {
    if (value != null && est.hasParam(param) && !params.fixedValues().containsKey(param)
        && !params.distributions().containsKey(param)) {
      params.fixed(param, value);
    }
  }
}
