package io.sparktune.workload;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.spark.HadoopFiles;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.workload.xgboost.NativeTrees;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * {@code workload.type: digits-forest}: a random forest ({@link ForestObjective}) scored by K-fold
 * cross-validated accuracy on the bundled digits or a user CSV, with a seeded stratified test
 * split that only the best parameters see; engine {@code native} (XGBoost histogram trees, {@link
 * NativeForestEngine}) or {@code local} (Tribuo); both in a task or on driver threads. The MLlib
 * random forest is a config of {@code workload.type: mllib} ({@code conf/digits-mllib.yaml});
 * {@code engine: mllib} says so.
 */
public final class DigitsForestWorkload implements Workload {
  /** The engines of {@code workload.engine}. */
  public static final List<String> ENGINES = List.of("native", "local");
  /** The former MLlib engine, now {@code workload.type: mllib}. */
  public static final String MLLIB = "mllib";

  /**
   * The {@code workload:} keys.
   *
   * @param engine native | local
   * @param nativeMode the native engine's use of n_estimators: boosted (rounds) | forest
   * @param folds K of the cross-validation
   * @param testFraction share held out for the test score
   * @param data {@code bundled} or a CSV(.gz) file: features..., integer label
   */
  public record Settings(String engine, NativeForestEngine.Mode nativeMode, int folds,
      double testFraction, String data) {}

  private Settings settings;
  private WorkloadContext context;

  @Override
  public String type() {
    return "digits-forest";
  }

  /** The settings read by {@link #configure}. */
  public Settings settings() {
    return settings;
  }

  @Override
  public void configure(WorkloadContext c) {
    ConfigNode n = c.section();
    n.onlyKnown(List.of("engine", "nativeMode", "folds", "testFraction", "data"));
    String requested = n.text("engine", "local");
    if (requested.trim().equalsIgnoreCase(MLLIB)) {
      throw error("workload.engine must be one of %s (the MLlib random forest is now"
          + " workload.type: mllib, see conf/digits-mllib.yaml), but got '%s'", ENGINES, requested);
    }
    String engine = n.choice("engine", ENGINES, "local");
    NativeForestEngine.Mode nativeMode = NativeForestEngine.Mode.valueOf(n.choice("nativeMode",
        NativeForestEngine.Mode.NAMES, "boosted").toUpperCase(Locale.ROOT));
    settings = new Settings(engine, nativeMode, n.integer("folds", 5L, 2),
        n.fraction("testFraction", 0.1), n.text("data", "bundled"));
    if (engine.equals("native")) {
      try {
        NativeTrees.requireLoaded("workload.engine native");
      } catch (NativeTrees.NativeLibraryException e) {
        throw error("%s (or choose workload.engine local)", e.getMessage());
      } catch (NoClassDefFoundError e) {
        throw error("workload.engine native needs XGBoost4J (ml.dmlc:xgboost4j_2.12), but it is not"
            + " on the classpath (%s is missing): run target/sparktune-app.jar, pass the jar with"
            + " --jars, or choose workload.engine local", String.valueOf(e.getMessage())
            .replace('/', '.'));
      }
    }
    if (!settings.data().equals("bundled")) {
      checkData(settings.data());
    }
    try {
      ForestObjective.requireSpace(c.space());
    } catch (IllegalArgumentException e) {
      throw error("%s", e.getMessage());
    }
    context = c;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "%s (%s engine%s, %d-fold CV)", type(), settings.engine(),
        settings.engine().equals("native") ? " " + settings.nativeMode().configName() : "",
        settings.folds());
  }

  @Override
  public Parallelism parallelism() {
    return Parallelism.TASKS;
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    out.println("Loading the digits data (" + settings.data() + ") ...");
    ForestTask task = ForestTask.split(load(), settings.testFraction(), settings.folds(),
        context.seed());
    ForestEngine engine = settings.engine().equals("native") ? nativeEngine(spark, mode, task)
        : mode.equals("tasks") ? new BroadcastForestEngine(spark, task)
        : new TribuoForestEngine(task);
    ForestObjective objective =
        new ForestObjective(engine, context.space(), settings.folds(), context.seed());
    return new Prepared() {
      @Override public ForestObjective objective() {
        return objective;
      }

      @Override public String refit() {
        return "refit on the training split";
      }

      @Override public Score score(Map<String, Object> params) {
        return Score.test(engine.testAccuracy(objective.params(new FixedTrial(params))));
      }

      @Override public String valueName() {
        return "CV accuracy";
      }

      @Override public String testMetric() {
        return "accuracy";
      }

      @Override public void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {
        summary.put("engine", settings.engine());
        if (settings.engine().equals("native")) {
          summary.put("nativeMode", settings.nativeMode().configName());
        }
        summary.put("folds", settings.folds());
      }

      @Override public List<String> notes(List<FrozenTrial> trials) {
        TreeSet<Long> capped = new TreeSet<>();
        for (FrozenTrial t : trials) {
          if (t.userAttrs().containsKey(ForestObjective.DEPTH_USED)) {
            capped.add(((Number) t.params().get("max_depth")).longValue());
          }
        }
        List<String> notes = new ArrayList<>();
        for (long d : capped) {
          notes.add(String.format(Locale.ROOT, "max_depth %d was capped to %d: the %s engine's"
              + " limit", d, engine.effectiveDepth((int) d), engine.name()));
        }
        return notes;
      }
    };
  }

  private ForestEngine nativeEngine(SparkSession spark, String mode, ForestTask task) {
    NativeForestEngine.Mode m = settings.nativeMode();
    return mode.equals("tasks")
        ? new BroadcastForestEngine(spark, task, "native", t -> new NativeForestEngine(t, m))
        : new NativeForestEngine(task, m);
  }

  /** A readable CSV file: a local path, a {@code file:} URI or a Hadoop FileSystem URI. */
  private static void checkData(String data) {
    if (HadoopFiles.isRemote(data)) {
      String problem = HadoopFiles.fileProblem(data);
      if (problem != null) {
        throw error("workload.data must be 'bundled' or a readable CSV file, but got '%s' (%s)",
            data, problem);
      }
      return;
    }
    Path path;
    try {
      path = HadoopFiles.localPath(data);
    } catch (IllegalArgumentException e) {
      path = null;
    }
    if (path == null || !(Files.isRegularFile(path) && Files.isReadable(path))) {
      throw error("workload.data must be 'bundled' or a readable CSV file, but got '%s'", data);
    }
  }

  private LabeledData load() {
    if (settings.data().equals("bundled")) {
      return Datasets.digits();
    }
    try {
      return Datasets.csv(settings.data());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw error("workload.data must be a CSV file of numbers with an integer label last, but"
          + " got '%s' (%s)", settings.data(), e.getMessage());
    }
  }
}
