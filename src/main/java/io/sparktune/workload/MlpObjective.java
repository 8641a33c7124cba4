package io.sparktune.workload;

import static io.sparktune.internal.Checks.require;

import io.sparktune.pruner.asha.Resumable;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.Trial;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * The pruned neural-network workload: an MLlib {@link MultilayerPerceptronClassifier} trained in
 * epochs of {@code itersPerEpoch} solver iterations each, every epoch a fit that starts from the
 * previous epoch's weights ({@code setInitialWeights}), and scored by validation accuracy. The
 * resource is the epoch. A run can save its weights and epoch count and resume from them, so the
 * promotion variant of ASHA can pause and resume it ({@link ResumableObjective}); since every epoch
 * is a fit of its own, a resumed run trains exactly as one that never paused.
 *
 * <p>Parameters (names of the search space): {@code hidden_layers} (int), {@code units} (int, per
 * hidden layer), {@code solver} ({@code l-bfgs} | {@code gd}), {@code step_size} (float, gd only),
 * {@code block_size} (int), {@code tol} (float). MLlib fits are Spark jobs, so the runs execute on
 * driver threads (job-parallel); the objective itself is only used on the driver.
 */
public final class MlpObjective implements ResumableObjective {
  private static final long serialVersionUID = 1L;
  private static final int CHECKPOINT_MAGIC = 0x4d4c5031; // "MLP1"

  /** The parameter names the search space must define. */
  public static final List<String> PARAMS =
      List.of("hidden_layers", "units", "solver", "step_size", "block_size", "tol");

  private final transient MlpTask task;
  private final SearchSpace space;
  private final int itersPerEpoch;
  private final long seed;

  /**
   * @param task the data
   * @param space defines every name of {@link #PARAMS}
   * @param itersPerEpoch solver iterations per epoch, at least 1
   * @param seed seeds the initial weights
   */
  public MlpObjective(MlpTask task, SearchSpace space, int itersPerEpoch, long seed) {
    require(itersPerEpoch >= 1, "itersPerEpoch must be >= 1, but got %d", itersPerEpoch);
    require(space.params().keySet().containsAll(PARAMS),
        "space must define %s for the mnist-mlp workload, but got %s", PARAMS,
        space.params().keySet());
    this.task = task;
    this.space = space;
    this.itersPerEpoch = itersPerEpoch;
    this.seed = seed;
  }

  /** A search space over the six parameters, with ranges that hold the defaults. */
  public static SearchSpace defaultSpace() {
    return SearchSpace.builder()
        .add("hidden_layers", IntDistribution.uniform(1, 3))
        .add("units", IntDistribution.logUniform(16, 256))
        .add("solver", new CategoricalDistribution(List.of("l-bfgs", "gd")))
        .add("step_size", FloatDistribution.logUniform(1e-6, 1))
        .add("block_size", new CategoricalDistribution(List.of(32, 64, 128, 256)))
        .add("tol", FloatDistribution.logUniform(1e-8, 1e-3))
        .build();
  }

  /**
   * MLlib's defaults (l-bfgs, step size 0.03, block size 128, tol 1e-6) with one hidden layer of
   * 100 units (scikit-learn's {@code MLPClassifier} default, as MLlib has none).
   */
  public static Map<String, Object> defaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden_layers", 1L);
    m.put("units", 100L);
    m.put("solver", "l-bfgs");
    m.put("step_size", 0.03);
    m.put("block_size", 128);
    m.put("tol", 1e-6);
    return m;
  }

  /**
   * The hyperparameters of one run.
   *
   * @param layers layer sizes, input to output
   * @param solver l-bfgs or gd
   * @param stepSize gd's step size
   * @param blockSize rows stacked per matrix
   * @param tol convergence tolerance
   */
  public record Params(int[] layers, String solver, double stepSize, int blockSize, double tol) {}

  /** The hyperparameters of {@code trial}, suggested from the space. */
  public Params params(Trial trial) {
    int hidden = (int) trial.suggestInt("hidden_layers", (IntDistribution) dist("hidden_layers"));
    int units = (int) trial.suggestInt("units", (IntDistribution) dist("units"));
    String solver = String.valueOf(trial.suggestCategorical("solver",
        (CategoricalDistribution) dist("solver")));
    double step = trial.suggestFloat("step_size", (FloatDistribution) dist("step_size"));
    Object block = trial.suggestCategorical("block_size", (CategoricalDistribution)
        dist("block_size"));
    double tol = trial.suggestFloat("tol", (FloatDistribution) dist("tol"));
    int[] layers = new int[hidden + 2];
    layers[0] = task.numFeatures();
    for (int i = 1; i <= hidden; i++) {
      layers[i] = units;
    }
    layers[hidden + 1] = task.numClasses();
    return new Params(layers, solver, step, ((Number) block).intValue(), tol);
  }

  private Distribution dist(String name) {
    return space.params().get(name);
  }

  @Override
  public Run newRun() {
    require(task != null, "task must be present: the mnist-mlp objective runs on the driver"
        + " (job-parallel), but got a deserialized copy");
    return new Run();
  }

  /**
   * An ordinary objective for the stopping variant and for runs without pruning: trains epoch by
   * epoch up to {@code epochs}, reports the validation accuracy after each, and stops when the
   * study's pruner says so.
   */
  public Objective stopping(int epochs) {
    List<Integer> budgets = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      budgets.add(e);
    }
    return trial -> evaluateStopping(trial, budgets);
  }

  /**
   * Accuracies of one configuration trained from scratch.
   *
   * @param validation on the validation images
   * @param test on the test images
   */
  public record Scores(double validation, double test) {}

  /** Trains {@code params} for {@code epochs} from scratch and scores it. */
  public Scores score(Map<String, ?> params, int epochs) throws Exception {
    Run run = newRun();
    run.init(new FixedTrial(params));
    double validation = run.train(epochs);
    return new Scores(validation, run.accuracy(task.test()));
  }

  /** One training run: the model's weights after {@link #epochs()} epochs. */
  public final class Run implements Resumable {
    private Params params;
    private Vector weights;
    private MultilayerPerceptronClassificationModel model;
    private int epochs;

    private Run() {}

    @Override
    public void init(Trial trial) {
      params = params(trial);
      weights = null;
      model = null;
      epochs = 0;
    }

    /** Epochs trained so far. */
    public int epochs() {
      return epochs;
    }

    @Override
    public double train(int budget) {
      require(params != null, "init must be called before train, but got train(%d)", budget);
      require(budget > epochs, "budget must be > the epochs trained (%d), but got %d", epochs,
          budget);
      while (epochs < budget) {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
            .setLayers(params.layers())
            .setSolver(params.solver())
            .setStepSize(params.stepSize())
            .setBlockSize(params.blockSize())
            .setTol(params.tol())
            .setMaxIter(itersPerEpoch)
            .setSeed(seed);
        if (weights != null) {
          mlp.setInitialWeights(weights);
        }
        model = mlp.fit(task.train());
        weights = model.weights();
        epochs++;
      }
      return accuracy(task.validation());
    }

    /** The current model's accuracy on {@code data}, scored on the driver. */
    double accuracy(LabeledData data) {
      require(model != null, "train must run before accuracy, but got %d epochs", epochs);
      int correct = 0;
      for (int i = 0; i < data.size(); i++) {
        if ((int) model.predict(Vectors.dense(data.features()[i])) == data.labels()[i]) {
          correct++;
        }
      }
      return data.size() == 0 ? Double.NaN : (double) correct / data.size();
    }

    @Override
    public void save(OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(CHECKPOINT_MAGIC);
      d.writeInt(epochs);
      d.writeInt(params.layers().length);
      for (int l : params.layers()) {
        d.writeInt(l);
      }
      double[] w = weights.toArray();
      d.writeInt(w.length);
      for (double v : w) {
        d.writeDouble(v);
      }
      d.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      int magic = d.readInt();
      require(magic == CHECKPOINT_MAGIC, "checkpoint magic must be %d, but got %d",
          CHECKPOINT_MAGIC, magic);
      int e = d.readInt();
      int[] layers = new int[d.readInt()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = d.readInt();
      }
      require(java.util.Arrays.equals(layers, params.layers()),
          "checkpoint layers must be the trial's %s, but got %s",
          java.util.Arrays.toString(params.layers()), java.util.Arrays.toString(layers));
      double[] w = new double[d.readInt()];
      for (int i = 0; i < w.length; i++) {
        w[i] = d.readDouble();
      }
      epochs = e;
      weights = Vectors.dense(w);
    }
  }
}
