package io.sparktune.workload.xgboost;

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
import io.sparktune.trial.TrialPrunedException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The xgboost workload's objective: a booster trained round by round on the training rows and
 * scored on the validation rows by {@link XgbMetric}. The resource is the boosting round.
 *
 * <p>Run as an ordinary objective ({@link #stopping()}) it reports the metric every {@code
 * reportEvery} rounds and at the rungs of the budget, so the median, percentile and successive
 * halving pruners stop bad trials early. Run by ASHA with promotion it is {@link Resumable}: the
 * booster (XGBoost's UBJSON model) and its round count are the checkpoint at each rung, and a
 * promoted trial loads it and boosts on from that round; with {@code seed_per_iteration} the
 * resumed booster grows the same trees as one trained straight through, and no round is trained
 * twice.
 *
 * <p>Parameters (names of the search space, each optional): {@link #PARAMS}; {@code rounds} is the
 * trial's number of rounds (not with asha, sha or hyperband, whose budget the rounds are).
 */
public final class XgbObjective implements ResumableObjective {
  private static final long serialVersionUID = 1L;
  private static final int CHECKPOINT_MAGIC = 0x58474231; // "XGB1"

  /** The parameter names a search space may define. */
  public static final List<String> PARAMS = List.of("eta", "max_depth", "min_child_weight",
      "subsample", "colsample_bytree", "colsample_bynode", "lambda", "alpha", "gamma", "max_bin",
      "rounds");

  /** Where a run gets the data: a broadcast copy on executors, or the split itself. */
  @FunctionalInterface
  public interface Source extends Serializable {
    /** The study's split. */
    XgbTable.Split get();
  }

  /**
   * What is trained and how it is scored.
   *
   * @param objective XGBoost's objective ({@code multi:softprob}, {@code reg:squarederror}, ...)
   * @param classes number of classes, or 0 for regression
   * @param metric the validation metric
   * @param rounds rounds of a full run (ASHA's {@code r_max}) unless the space defines rounds
   * @param reportEvery report the metric every this many rounds
   * @param rungs further rounds to report at (the budget's rungs), may be empty
   * @param seed seeds XGBoost's row and column sampling
   */
  public record Setup(String objective, int classes, XgbMetric metric, int rounds,
      int reportEvery, List<Integer> rungs, long seed) implements Serializable {
    public Setup {
      require(rounds >= 1, "rounds must be >= 1, but got %d", rounds);
      require(reportEvery >= 1, "reportEvery must be >= 1, but got %d", reportEvery);
      rungs = List.copyOf(rungs);
    }
  }

  private final Source data;
  private final SearchSpace space;
  private final Setup setup;

  /**
   * @param data the split
   * @param space defines names of {@link #PARAMS} only
   * @param setup objective, metric, rounds and seed
   */
  public XgbObjective(Source data, SearchSpace space, Setup setup) {
    List<String> unknown = space.params().keySet().stream().filter(n -> !PARAMS.contains(n))
        .toList();
    require(unknown.isEmpty(), "space must define only names of %s for the xgboost workload, but"
        + " got %s", PARAMS, unknown);
    this.data = data;
    this.space = space;
    this.setup = setup;
  }

  /** The setup. */
  public Setup setup() {
    return setup;
  }

  @Override
  public Run newRun() {
    return new Run();
  }

  /**
   * The ordinary objective (no pruner, median, percentile, sha, hyperband): trains to the trial's
   * rounds, reports the metric at every report step, stops when the study's pruner says so.
   */
  public Objective stopping() {
    return trial -> {
      try (Run run = newRun()) {
        run.init(trial);
        double value = Double.NaN;
        for (int budget : reportSteps(run.target())) {
          value = run.train(budget);
          trial.report(value, budget);
          if (budget < run.target() && trial.shouldPrune()) {
            throw new TrialPrunedException("Trial was pruned at round " + budget + ".");
          }
        }
        return value;
      }
    };
  }

  /** The rounds a run of {@code target} rounds reports at: every reportEvery, the rungs, the end. */
  List<Integer> reportSteps(int target) {
    TreeSet<Integer> steps = new TreeSet<>();
    for (int r = setup.reportEvery(); r < target; r += setup.reportEvery()) {
      steps.add(r);
    }
    setup.rungs().stream().filter(r -> r < target).forEach(steps::add);
    steps.add(target);
    return List.copyOf(steps);
  }

  /**
   * Metrics of one configuration trained from scratch to its rounds.
   *
   * @param validation on the validation rows
   * @param test on the test rows (NaN if there are none)
   * @param rounds the rounds trained
   */
  public record Scores(double validation, double test, int rounds) {}

  /** Trains {@code params} from scratch and scores it on validation and test. */
  public Scores score(Map<String, ?> params) throws XGBoostError {
    try (Run run = newRun()) {
      run.init(new FixedTrial(params));
      double v = run.train(run.target());
      XgbTable test = data.get().test();
      return new Scores(v, test.rows() == 0 ? Double.NaN : run.metric(test), run.target());
    }
  }

  /** One booster of a trial, trained round by round. */
  public final class Run implements Resumable, AutoCloseable {
    private Map<String, Object> params;
    private int target;
    private DMatrix train;
    private Booster booster;
    private int rounds;

    private Run() {}

    @Override
    public void init(Trial trial) throws XGBoostError {
      params = new LinkedHashMap<>();
      params.put("objective", setup.objective());
      if (setup.classes() > 2) {
        params.put("num_class", setup.classes());
      }
      target = setup.rounds();
      for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
        Object v = suggest(trial, e.getKey(), e.getValue());
        if (e.getKey().equals("rounds")) {
          target = ((Number) v).intValue();
        } else {
          params.put(e.getKey(), v);
        }
      }
      NativeTrees.fixed(params, NativeTrees.threads(), setup.seed());
      XgbTable t = data.get().train();
      close();
      train = NativeTrees.matrix(t.features(), t.rows(), t.cols(), t.labels());
      rounds = 0;
    }

    /** The rounds this trial trains to ({@code rounds} of the space, else the setup's). */
    public int target() {
      return target;
    }

    /** Rounds trained so far. */
    public int rounds() {
      return rounds;
    }

    @Override
    public double train(int budget) throws XGBoostError {
      require(train != null, "init must be called before train, but got train(%d)", budget);
      require(budget > rounds, "budget must be > the rounds trained (%d), but got %d", rounds,
          budget);
      if (booster == null) {
        booster = XGBoost.train(train, params, 0, Map.of(), null, null);
      }
      for (int i = rounds; i < budget; i++) {
        booster.update(train, i);
      }
      rounds = budget;
      return metric(data.get().validation());
    }

    /** The current booster's metric on {@code rows}. */
    double metric(XgbTable rows) throws XGBoostError {
      require(booster != null, "train must run before scoring, but got %d rounds", rounds);
      return setup.metric().of(booster.inplace_predict(rows.features(), rows.rows(), rows.cols(),
          Float.NaN), rows.labels());
    }

    /** The booster as XGBoost's UBJSON model (for tests and checkpoints). */
    public byte[] model() throws XGBoostError {
      return booster.toByteArray("ubj");
    }

    @Override
    public void save(OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      try {
        byte[] model = model();
        d.writeInt(CHECKPOINT_MAGIC);
        d.writeInt(rounds);
        d.writeInt(model.length);
        d.write(model);
      } catch (XGBoostError e) {
        throw new IOException("cannot serialize the booster: " + e.getMessage(), e);
      }
      d.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      int magic = d.readInt();
      require(magic == CHECKPOINT_MAGIC, "checkpoint magic must be %d, but got %d",
          CHECKPOINT_MAGIC, magic);
      int r = d.readInt();
      byte[] model = new byte[d.readInt()];
      d.readFully(model);
      try {
        Booster b = XGBoost.loadModel(model);
        b.setParams(params);
        require(b.getNumBoostedRound() == r, "checkpoint booster must hold %d rounds, but got %d",
            r, b.getNumBoostedRound());
        if (booster != null) {
          booster.dispose();
        }
        booster = b;
        rounds = r;
      } catch (XGBoostError e) {
        throw new IOException("cannot load the booster checkpoint: " + e.getMessage(), e);
      }
    }

    /** Frees the native booster and matrix. */
    @Override
    public void close() {
      if (booster != null) {
        booster.dispose();
        booster = null;
      }
      if (train != null) {
        train.dispose();
        train = null;
      }
    }
  }

  private static Object suggest(Trial trial, String name, Distribution d) {
    if (d instanceof IntDistribution i) {
      return (int) trial.suggestInt(name, i);
    }
    if (d instanceof FloatDistribution f) {
      return trial.suggestFloat(name, f);
    }
    return trial.suggestCategorical(name, (CategoricalDistribution) d);
  }
}
