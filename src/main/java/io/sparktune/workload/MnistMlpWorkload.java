package io.sparktune.workload;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.study.Objective;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code workload.type: mnist-mlp}: an MLlib multilayer perceptron ({@link MlpObjective}) trained
 * in epochs on MNIST IDX files, scored by validation accuracy after each epoch; resumable, so
 * {@code study.pruner: asha} pauses and promotes it. Its baseline is the default configuration
 * ({@link MlpObjective#defaults()}); the best parameters and the defaults are retrained from
 * scratch for the test score.
 */
public final class MnistMlpWorkload implements Workload {
  /**
   * The {@code workload:} keys (see {@code conf/mnist-mlp.yaml}).
   *
   * @param data {@code bundled} (the MNIST 10k subset) or a directory holding the four IDX files
   *     {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code
   *     t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte} (each optionally {@code .gz})
   * @param maxTrain at most this many training images (0: all)
   * @param validationFraction share of the training images held out for validation
   * @param itersPerEpoch solver iterations per epoch
   * @param epochs the epochs of a full training run (ASHA's {@code r_max})
   * @param minEpochs epochs of the first rung (asha, sha, hyperband)
   * @param reductionFactor {@code η} of asha, sha and hyperband
   * @param promotionQuota how asha rounds a rung's quota {@code n/η}
   */
  public record Settings(String data, int maxTrain, double validationFraction,
      int itersPerEpoch, int epochs, int minEpochs, int reductionFactor,
      PromotionQuota promotionQuota) {}

  /** The keys of the section; the old top-level {@code mlp:} section held the same. */
  public static final List<String> KEYS = List.of("data", "maxTrain", "validationFraction",
      "itersPerEpoch", "epochs", "minEpochs", "reductionFactor", "promotionQuota");

  private Settings settings;
  private WorkloadContext context;

  @Override
  public void configure(WorkloadContext c) {
    ConfigNode n = c.section();
    n.onlyKnown(KEYS);
    int epochs = n.integer("epochs", 9L, 1);
    int minEpochs = n.integer("minEpochs", 1L, 1);
    if (minEpochs > epochs) {
      throw error("workload.minEpochs must be <= workload.epochs (%d), but got %d", epochs,
          minEpochs);
    }
    PromotionQuota quota = n.promotionQuota("promotionQuota", "ceil_from_eta");
    settings = new Settings(n.text("data", "bundled"), n.integer("maxTrain", 0L, 0),
        n.fraction("validationFraction", 0.2), n.integer("itersPerEpoch", 5L, 1), epochs,
        minEpochs, n.integer("reductionFactor", 3L, 2), quota);
    if (!c.mode().equals("auto") && !c.mode().equals("jobs")) {
      throw error("execution.mode must be one of [auto, jobs] when workload.type is mnist-mlp"
          + " (MLlib fits are Spark jobs started from driver threads), but got '%s'", c.mode());
    }
    if (c.direction() != Direction.MAXIMIZE) {
      throw error("study.direction must be maximize for mnist-mlp (validation accuracy), but got"
          + " %s", c.direction());
    }
    List<String> missing = new ArrayList<>(MlpObjective.PARAMS);
    missing.removeAll(c.space().params().keySet());
    if (!missing.isEmpty()) {
      throw error("space must define %s when workload.type is mnist-mlp, but got %s (missing"
          + " %s)", MlpObjective.PARAMS, new ArrayList<>(c.space().params().keySet()), missing);
    }
    if (!settings.data().equals("bundled")) {
      idx("train-images-idx3-ubyte"); // every file is there before anything runs
      idx("train-labels-idx1-ubyte");
      idx("t10k-images-idx3-ubyte");
      idx("t10k-labels-idx1-ubyte");
    }
    context = c;
  }

  @Override
  public String type() {
    return "mnist-mlp";
  }

  /** The settings read by {@link #configure}. */
  public Settings settings() {
    return settings;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "%s (up to %d epochs of %d iterations)", type(),
        settings.epochs(), settings.itersPerEpoch());
  }

  @Override
  public Optional<Budget> budget() {
    return Optional.of(new Budget(settings.minEpochs(), settings.epochs(),
        settings.reductionFactor(), settings.promotionQuota()));
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    out.println("Loading the MNIST images (" + settings.data() + ") ...");
    MlpTask task;
    try {
      task = MlpTask.split(spark, images("train"), images("t10k"),
          settings.validationFraction(), settings.maxTrain(), context.seed());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw error("workload.data must be 'bundled' or a directory of MNIST IDX files, but got"
          + " '%s' (%s)", settings.data(), e.getMessage());
    }
    MlpObjective objective = new MlpObjective(task, context.space(), settings.itersPerEpoch(),
        context.seed());
    int epochs = settings.epochs();
    return new Prepared() {
      @Override public Objective objective() {
        return objective.stopping(epochs);
      }

      @Override public ResumableObjective resumable() {
        return objective;
      }

      @Override public Optional<Map<String, Object>> baseline() {
        return Optional.of(MlpObjective.defaults());
      }

      @Override public String refit() {
        return "retrained " + epochs + " epochs";
      }

      @Override public Score score(Map<String, Object> params) throws Exception {
        // a space of exactly these values: the defaults may lie outside the config's ranges
        MlpObjective.Scores s = new MlpObjective(task, pointSpace(params),
            settings.itersPerEpoch(), context.seed()).score(params, epochs);
        return new Score(s.test(), s.validation());
      }

      @Override public String valueName() {
        return "validation accuracy";
      }

      @Override public String testMetric() {
        return "accuracy";
      }

      @Override public void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {
        summary.put("epochs", epochs);
        summary.put("itersPerEpoch", settings.itersPerEpoch());
        summary.put("pruned", trials.stream().filter(t -> t.state().name().equals("PRUNED"))
            .count());
        summary.put("epochsTrained", epochsTrained(trials));
        summary.put("epochsWithoutPruning", (long) trials.size() * epochs);
      }

      @Override public List<String> notes(List<FrozenTrial> trials) {
        return List.of(String.format(Locale.ROOT, "%d epochs trained (%d without pruning)",
            epochsTrained(trials), (long) trials.size() * epochs));
      }
    };
  }

  private static long epochsTrained(List<FrozenTrial> trials) {
    long epochs = 0;
    for (FrozenTrial t : trials) {
      epochs += t.intermediateValues().isEmpty() ? 0 : t.intermediateValues().lastKey();
    }
    return epochs;
  }

  private static SearchSpace pointSpace(Map<String, Object> params) {
    SearchSpace.Builder b = SearchSpace.builder();
    params.forEach((name, v) -> b.add(name, switch (name) {
      case "hidden_layers", "units" -> IntDistribution.uniform(((Number) v).longValue(),
          ((Number) v).longValue());
      case "step_size", "tol" -> new FloatDistribution(((Number) v).doubleValue(),
          ((Number) v).doubleValue(), false, null);
      default -> new CategoricalDistribution(List.of(v));
    }));
    return b.build();
  }

  private LabeledData images(String part) {
    if (settings.data().equals("bundled")) {
      return part.equals("train") ? MnistIdx.bundledTrain() : MnistIdx.bundledTest();
    }
    String images = idx(part + "-images-idx3-ubyte");
    String labels = idx(part + "-labels-idx1-ubyte");
    if (!HadoopFiles.isRemote(settings.data())) {
      return MnistIdx.load(Path.of(images), Path.of(labels));
    }
    try (InputStream x = HadoopFiles.open(images); InputStream y = HadoopFiles.open(labels)) {
      return MnistIdx.read(x, y, images);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images + " and " + labels + ": "
          + HadoopFiles.reason(e), e);
    }
  }

  /** The IDX file {@code name} (or {@code name.gz}) in the data directory, local or Hadoop. */
  private String idx(String name) {
    if (HadoopFiles.isRemote(settings.data())) {
      String plain = HadoopFiles.resolve(settings.data(), name);
      String gz = plain + ".gz";
      String problem = null;
      try {
        if (HadoopFiles.isFile(gz)) {
          return gz;
        }
        if (HadoopFiles.isFile(plain)) {
          return plain;
        }
      } catch (IOException | RuntimeException e) {
        problem = HadoopFiles.reason(e);
      }
      throw error("workload.data must be 'bundled' or a directory holding %s(.gz), but got '%s'"
          + " (%s)", name, settings.data(), problem == null ? "no such file" : problem);
    }
    Path plain = Path.of(settings.data(), name);
    Path gz = Path.of(settings.data(), name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz.toString();
    }
    if (Files.isRegularFile(plain)) {
      return plain.toString();
    }
    throw error("workload.data must be 'bundled' or a directory holding %s(.gz), but got '%s'",
        name, settings.data());
  }
}
