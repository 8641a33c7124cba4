package io.sparktune.workload.xgboost;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.study.Objective;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Budget;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.Prepared;
import io.sparktune.workload.Workload;
import io.sparktune.workload.WorkloadContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code workload.type: xgboost}: gradient-boosted trees (XGBoost4J, {@link XgbObjective}) on any
 * table Spark reads (CSV, LibSVM, Parquet, JSON, ORC; or the bundled digits), collected once on
 * the driver and broadcast once to the executors; each trial is a Spark task that boosts with
 * {@code execution.cpusPerTrial} threads and reports its validation metric every {@code
 * reportEvery} rounds. The resource is the boosting round: with {@code study.pruner: asha} the
 * booster is the trial's checkpoint at each rung and a promoted trial boosts on from it. The best
 * parameters are retrained from scratch for the test score.
 */
public final class XgboostWorkload implements Workload {
  /** XGBoost objectives the workload accepts; the first two classify. */
  public static final List<String> OBJECTIVES = List.of("multi:softprob", "binary:logistic",
      "reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror");

  /**
   * Default rounds of a full run (ASHA's {@code r_max}), first rung and {@code η}: rungs at 10,
   * 40, 160 and 540 rounds. Chosen by replaying ASHA on the recorded curves of 3 seeds and
   * confirmed by real runs (docs/adr/0014-native-trees.md, "Decision: ASHA's budget"): with
   * {@code eta} in the space the best trials are slow learners, and a larger {@code r_max} over
   * the same first rung both raises no pruning's best and lowers ASHA's share of its rounds.
   */
  public static final long DEFAULT_ROUNDS = 540;
  /** Default first rung, see {@link #DEFAULT_ROUNDS}. */
  public static final long DEFAULT_MIN_ROUNDS = 10;
  /** Default {@code η}, see {@link #DEFAULT_ROUNDS}. */
  public static final long DEFAULT_REDUCTION_FACTOR = 4;

  /** The {@code workload:} keys (see {@code conf/xgboost-digits.yaml}). */
  public static final List<String> KEYS = List.of("data", "format", "header", "label",
      "objective", "metric", "validationFraction", "testFraction", "rounds", "reportEvery",
      "minRounds", "reductionFactor", "promotionQuota");

  /**
   * The {@code workload:} keys.
   *
   * @param data {@code bundled} (the digits) or a file or directory URI Spark reads
   * @param format a Spark data source ({@code csv}, {@code libsvm}, {@code parquet}, ...), from
   *     the file name if {@code auto}
   * @param header whether a CSV's first line names the columns
   * @param label the label column (default: {@code label} if there is one, else the last)
   * @param objective XGBoost's objective, one of {@link #OBJECTIVES}
   * @param metric the validation metric
   * @param validationFraction share of the non-test rows trials are scored on
   * @param testFraction share held out for the best parameters' test score (0: none)
   * @param rounds rounds of a full run (ASHA's {@code r_max})
   * @param reportEvery the metric is reported every this many rounds
   * @param minRounds rounds of the first rung (asha, sha, hyperband)
   * @param reductionFactor {@code η} of asha, sha and hyperband
   * @param promotionQuota how asha rounds a rung's quota {@code n/η}
   */
  public record Settings(String data, String format, boolean header, String label,
      String objective, XgbMetric metric, double validationFraction, double testFraction,
      int rounds, int reportEvery, int minRounds, int reductionFactor,
      PromotionQuota promotionQuota) {

    /** Whether the objective classifies. */
    public boolean classification() {
      return !objective.startsWith("reg:");
    }
  }

  private Settings settings;
  private WorkloadContext context;

  @Override
  public String type() {
    return "xgboost";
  }

  /** The settings read by {@link #configure}. */
  public Settings settings() {
    return settings;
  }

  @Override
  public void configure(WorkloadContext c) {
    ConfigNode n = c.section();
    n.onlyKnown(KEYS);
    String objective = n.choice("objective", OBJECTIVES, "multi:softprob");
    boolean classify = !objective.startsWith("reg:");
    List<String> metrics = XgbMetric.NAMES.stream().filter(m -> XgbMetric.valueOf(
        m.toUpperCase(Locale.ROOT)).classification() == classify
        && (!m.equals("auc") || objective.equals("binary:logistic"))).toList();
    String metricName = n.text("metric", classify ? "accuracy" : "rmse");
    if (!metrics.contains(metricName)) {
      throw error("workload.metric must be one of %s when workload.objective is %s, but got"
          + " '%s'", metrics, objective, metricName);
    }
    XgbMetric metric = XgbMetric.valueOf(metricName.toUpperCase(Locale.ROOT));
    int rounds = n.integer("rounds", DEFAULT_ROUNDS, 1);
    int minRounds = n.integer("minRounds", DEFAULT_MIN_ROUNDS, 1);
    if (minRounds > rounds) {
      throw error("workload.minRounds must be <= workload.rounds (%d), but got %d", rounds,
          minRounds);
    }
    PromotionQuota quota = n.promotionQuota("promotionQuota", "ceil_from_eta");
    double testFraction = n.has("testFraction") && n.number("testFraction", 0.0) == 0 ? 0
        : n.fraction("testFraction", 0.1);
    settings = new Settings(n.text("data", "bundled"), n.text("format", "auto"),
        n.bool("header", false), n.text("label", null), objective, metric,
        n.fraction("validationFraction", 0.2), testFraction, rounds,
        n.integer("reportEvery", 10L, 1), minRounds,
        n.integer("reductionFactor", DEFAULT_REDUCTION_FACTOR, 2), quota);
    Direction wanted = metric.maximize() ? Direction.MAXIMIZE : Direction.MINIMIZE;
    if (c.direction() != wanted) {
      throw error("study.direction must be %s when workload.metric is %s, but got %s",
          wanted.name().toLowerCase(Locale.ROOT), metric.configName(),
          c.direction().name().toLowerCase(Locale.ROOT));
    }
    List<String> unknown = new ArrayList<>(c.space().params().keySet());
    unknown.removeAll(XgbObjective.PARAMS);
    if (!unknown.isEmpty()) {
      throw error("space must define only names of %s when workload.type is xgboost, but got %s",
          XgbObjective.PARAMS, unknown);
    }
    if (c.space().params().containsKey("rounds")
        && List.of("asha", "sha", "hyperband").contains(c.pruner())) {
      throw error("space.rounds must not be defined when study.pruner is %s (the boosting rounds"
          + " are its budget: set workload.rounds and workload.minRounds), but got a rounds"
          + " parameter in the space", c.pruner());
    }
    if (!settings.data().equals("bundled")) {
      String problem = HadoopFiles.isRemote(settings.data()) ? remoteProblem(settings.data())
          : Files.exists(HadoopFiles.localPath(settings.data())) ? null : "no such file";
      if (problem != null) {
        throw error("workload.data must be 'bundled' or a file or directory Spark reads, but got"
            + " '%s' (%s)", settings.data(), problem);
      }
    }
    try {
      NativeTrees.requireLoaded("workload.type xgboost");
    } catch (NativeTrees.NativeLibraryException e) {
      throw error("%s", e.getMessage());
    }
    context = c;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "%s (%s, %s, up to %d rounds)", type(),
        settings.objective(), settings.metric().configName(), settings.rounds());
  }

  @Override
  public Parallelism parallelism() {
    return Parallelism.TASKS;
  }

  @Override
  public Optional<Budget> budget() {
    return Optional.of(new Budget(settings.minRounds(), settings.rounds(),
        settings.reductionFactor(), settings.promotionQuota()));
  }

  /** The rounds of the rungs: minRounds x eta^k below rounds. */
  private List<Integer> rungs() {
    List<Integer> rungs = new ArrayList<>();
    for (long r = settings.minRounds(); r < settings.rounds(); r *= settings.reductionFactor()) {
      rungs.add((int) r);
    }
    return rungs;
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    out.println("Loading the xgboost data (" + settings.data() + ") ...");
    XgbTable table = load(spark);
    int classes = settings.classification() ? table.classes() : 0;
    if (settings.classification() && classes < 2) {
      throw error("workload.label must hold integer classes 0, 1, ... (at least two) when"
          + " workload.objective is %s, but got labels that are not (use a reg: objective for"
          + " regression)", settings.objective());
    }
    if (settings.objective().equals("binary:logistic") && classes != 2) {
      throw error("workload.objective must be multi:softprob for %d classes, but got"
          + " binary:logistic", classes);
    }
    XgbTable.Split split = table.split(settings.validationFraction(), settings.testFraction(),
        classes, context.seed());
    out.printf(Locale.ROOT, "Broadcasting %d training and %d validation rows of %d features"
        + " (%d test rows held out) ...%n", split.train().rows(), split.validation().rows(),
        table.cols(), split.test().rows());
    Broadcast<XgbTable.Split> shared =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(split);
    XgbObjective objective = new XgbObjective(shared::value, context.space(),
        new XgbObjective.Setup(settings.objective(), classes, settings.metric(),
            settings.rounds(), settings.reportEvery(), rungs(), context.seed()));
    String metric = settings.metric().configName();
    return new Prepared() {
      @Override public Objective objective() {
        return objective.stopping();
      }

      @Override public ResumableObjective resumable() {
        return objective;
      }

      @Override public String refit() {
        return split.test().rows() == 0 ? null
            : "retrained on the training rows to its rounds";
      }

      @Override public Score score(Map<String, Object> params) throws Exception {
        XgbObjective.Scores s = objective.score(params);
        return new Score(s.test(), s.validation());
      }

      @Override public String valueName() {
        return "validation " + metric;
      }

      @Override public String testMetric() {
        return metric;
      }

      @Override public void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {
        summary.put("objective", settings.objective());
        summary.put("metric", metric);
        summary.put("rounds", settings.rounds());
        summary.put("pruned", trials.stream().filter(t -> t.state() == TrialState.PRUNED)
            .count());
        summary.put("roundsTrained", roundsTrained(trials));
        summary.put("roundsWithoutPruning", (long) trials.size() * settings.rounds());
      }

      @Override public List<String> notes(List<FrozenTrial> trials) {
        return List.of(String.format(Locale.ROOT, "%d boosting rounds trained (%d without"
            + " pruning)", roundsTrained(trials), (long) trials.size() * settings.rounds()));
      }
    };
  }

  /**
   * The rounds the trials trained: the last reported round of each (a promoted trial resumes
   * from its checkpoint, so its rounds are counted once).
   */
  public static long roundsTrained(List<FrozenTrial> trials) {
    long rounds = 0;
    for (FrozenTrial t : trials) {
      rounds += t.intermediateValues().isEmpty() ? 0 : t.intermediateValues().lastKey();
    }
    return rounds;
  }

  private XgbTable load(SparkSession spark) {
    if (settings.data().equals("bundled")) {
      return XgbTable.of(Datasets.digits());
    }
    String format = format(settings.data(), settings.format());
    try {
      Dataset<Row> frame = spark.read().format(format)
          .option("header", settings.header()).option("inferSchema", true)
          .load(settings.data());
      String label = settings.label() != null ? settings.label()
          : List.of(frame.columns()).contains("label") ? "label"
          : frame.columns()[frame.columns().length - 1];
      return XgbTable.collect(frame, label);
    } catch (IllegalArgumentException e) {
      throw error("workload.data must be a %s table of numeric columns, but got '%s' (%s)",
          format, settings.data(), e.getMessage());
    } catch (RuntimeException e) {
      throw error("workload.data must be a table Spark reads as %s, but got '%s' (%s)", format,
          settings.data(), e.getMessage() == null ? "unreadable" : e.getMessage().lines()
              .findFirst().orElse(""));
    }
  }

  /** Null if {@code uri} exists on a reachable Hadoop FileSystem, else why not. */
  private static String remoteProblem(String uri) {
    try {
      return HadoopFiles.fs(uri).exists(new org.apache.hadoop.fs.Path(uri)) ? null
          : "no such file or directory";
    } catch (java.io.IOException | RuntimeException e) {
      return HadoopFiles.reason(e);
    }
  }

  /** The Spark data source of {@code data}: {@code format}, or from the name if auto. */
  static String format(String data, String format) {
    if (!format.equals("auto")) {
      return format;
    }
    String name = data.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|snappy)$", "");
    if (name.endsWith(".libsvm") || name.endsWith(".svm")) {
      return "libsvm";
    }
    for (String f : List.of("parquet", "json", "orc", "avro")) {
      if (name.endsWith("." + f)) {
        return f;
      }
    }
    return "csv";
  }
}
