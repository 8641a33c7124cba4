package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;
import static io.sparktune.internal.Checks.requireState;

import io.sparktune.spark.TrialsTable;
import io.sparktune.study.Study;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link SparkTuner#fit} returns (CrossValidatorModel's place): the best trial's model refit on
 * all the data, the metrics of every trial aligned with the trial numbers, the trials as a
 * DataFrame, and the {@link Study} itself. {@link #transform} is the best model's; the tuner's params
 * are copied onto the model. Saved and loaded with MLlib's writer and reader on any Hadoop URI;
 * the study is saved as a journal next to {@code bestModel/}, so a loaded model has its trials.
 */
public final class SparkTunerModel extends Model<SparkTunerModel>
    implements SparkTunerParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final TunerParamSet ps;
  private Model<?> bestModel;
  private transient Study study;
  private int folds;
  private Map<Integer, Model<?>[]> subModels = Map.of();

  /** An empty model with a random uid (what ServiceLoader needs); {@link #load} fills one. */
  public SparkTunerModel() {
    this(Identifiable$.MODULE$.randomUID("sparktune"));
  }

  /** An empty model with the given uid (what MLlib's readers call). */
  public SparkTunerModel(String uid) {
    this.uid = uid;
    this.ps = new TunerParamSet(this);
    ps.setDefaults(this);
  }

  SparkTunerModel(String uid, Model<?> bestModel, Study study, int folds,
      Map<Integer, Model<?>[]> subModels) {
    this(uid);
    this.bestModel = bestModel;
    this.study = study;
    this.folds = folds;
    this.subModels = Collections.unmodifiableMap(new LinkedHashMap<>(subModels));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public TunerParamSet tunerParamSet() {
    return ps;
  }

  private void requireFitted() {
    requireState(bestModel != null, "SparkTunerModel %s is empty: get one from SparkTuner.fit or"
        + " SparkTunerModel.load", uid);
  }

  /** The best trial's parameters refit on all the data given to fit. */
  public Model<?> bestModel() {
    requireFitted();
    return bestModel;
  }

  /** The study: every trial with its params, value, state, fold reports and attributes. */
  public Study study() {
    requireFitted();
    return study;
  }

  /** The best trial. */
  public FrozenTrial bestTrial() {
    return study().bestTrial();
  }

  /** The validation folds per trial (1 for a train/validation split). */
  public int numValidationFolds() {
    return folds;
  }

  /**
   * The mean validation metric of each trial, by trial number: a complete trial's value, the mean
   * of the folds a pruned trial ran, NaN for a failed one (CrossValidatorModel's {@code
   * avgMetrics}; with a grid, trial {@code i} is {@code estimatorParamMaps[i]}).
   */
  public double[] avgMetrics() {
    return averages(study().trials());
  }

  /** The standard deviation of each trial's fold values, by trial number (NaN if none). */
  public double[] stdMetrics() {
    double[][] f = foldMetrics();
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      double[] done = Arrays.stream(f[i]).filter(v -> !Double.isNaN(v)).toArray();
      out[i] = done.length == 0 ? Double.NaN : CrossValidation.std(done);
    }
    return out;
  }

  /** Each trial's value per validation fold, by trial number then fold (NaN: not run). */
  public double[][] foldMetrics() {
    List<FrozenTrial> trials = study().trials();
    double[][] out = new double[trials.size()][folds];
    for (FrozenTrial t : trials) {
      Arrays.fill(out[t.number()], Double.NaN);
      List<Double> values = foldValues(t);
      for (int k = 0; k < values.size() && k < folds; k++) {
        out[t.number()][k] = values.get(k);
      }
    }
    return out;
  }

  private static List<Double> foldValues(FrozenTrial t) {
    Object v = t.userAttrs().get(CrossValidation.FOLD_METRICS);
    if (!(v instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().map(x -> x instanceof Number n ? n.doubleValue() : Double.NaN).toList();
  }

  static double[] averages(List<FrozenTrial> trials) {
    double[] out = new double[trials.size()];
    for (FrozenTrial t : trials) {
      List<Double> values = foldValues(t);
      out[t.number()] = t.state() == TrialState.COMPLETE ? t.value()
          : values.isEmpty() ? Double.NaN
          : values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
    return out;
  }

  /**
   * The trials as a DataFrame, one row per trial: {@code number}, {@code state}, {@code value},
   * {@code params_<name>}, {@code user_attrs_<key>} (fold_metrics, std_metric, metric.*), times
   * and intermediate values ({@link TrialsTable}).
   */
  public Dataset<Row> trials() {
    return TrialsTable.dataFrame(SparkSession.active(), study().trials());
  }

  /** Whether fold models were collected ({@code collectSubModels}). */
  public boolean hasSubModels() {
    return !subModels.isEmpty();
  }

  /**
   * The fold models, as CrossValidatorModel's {@code subModels}: {@code [fold][trial number]},
   * null where a trial did not finish its folds.
   *
   * @throws IllegalStateException if none were collected
   */
  public Model<?>[][] subModels() {
    requireState(hasSubModels(), "subModels were not collected: set collectSubModels to true"
        + " before fitting (or save with persistSubModels and load)");
    Model<?>[][] out = new Model<?>[folds][study().trials().size()];
    subModels.forEach((n, models) -> {
      for (int k = 0; k < models.length && k < folds; k++) {
        out[k][n] = models[k];
      }
    });
    return out;
  }

  Map<Integer, Model<?>[]> subModelsByTrial() {
    return subModels;
  }

  void restore(Model<?> best, Study study, int folds, Map<Integer, Model<?>[]> subs) {
    this.bestModel = best;
    this.study = study;
    this.folds = folds;
    this.subModels = Collections.unmodifiableMap(new LinkedHashMap<>(subs));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    requireFitted();
    transformSchema(dataset.schema());
    return bestModel.transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireFitted();
    return bestModel.transformSchema(schema);
  }

  @Override
  public SparkTunerModel copy(ParamMap extra) {
    SparkTunerModel copied = new SparkTunerModel(uid,
        bestModel == null ? null : (Model<?>) bestModel.copy(extra), study, folds, subModels);
    copyValues(copied, extra);
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new TunerPersistence.ModelWriter(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  /** A reader of saved models (what MLlib's reflective loading calls). */
  public static MLReader<SparkTunerModel> read() {
    return new TunerPersistence.ModelReader();
  }

  /** Loads a model saved with {@link #save} from any Hadoop URI. */
  public static SparkTunerModel load(String path) {
    require(path != null, "path must not be null, but got null");
    return read().load(path);
  }

  @Override
  public String toString() {
    return "SparkTunerModel: uid=" + uid + ", bestModel=" + bestModel + ", trials="
        + (study == null ? 0 : study.trials().size()) + ", folds=" + folds;
  }
}
