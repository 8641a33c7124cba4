package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.study.Objective;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.Trial;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Search-quality harness: each function minimized for {@code --trials} trials per seed by each
 * sampler variant, reporting the median and interquartile range of the best value after 10, 25,
 * 50, 100 and 200 trials, side by side with Optuna's TPESampler run by {@code
 * src/test/python/optuna_reference.py}.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.sparktune.bench.TpeBenchmark \
 *     --trials 200 --seeds 20 --optuna run
 * </pre>
 *
 * Options: {@code --functions a,b}, {@code --variants a;b} (named or ad-hoc, see {@link #custom}),
 * {@code --seed-offset k} (seeds k..k+seeds-1, Optuna's too), {@code --optuna run|skip|<json
 * file>} (run: call {@code /usr/bin/python3} with the reference script; it reports when optuna is
 * missing), {@code --optuna-batch q} (with run: also Optuna's constant-liar batch rows), {@code
 * --ratio-base a,b} (a regret-ratio table per base variant; default tpe_default), {@code --out
 * <markdown file>}, {@code --dump <tsv file>} (appends each run's best value at the last
 * checkpoint: function, variant, seed, value; for statistics beyond the medians).
 */
public final class TpeBenchmark {
  static final int[] CHECKPOINTS = {10, 25, 50, 100, 200, 500, 1000};

  /**
   * A sampler per seed and how trials are run: {@code batch} trials asked, then all evaluated and
   * told (synchronous rounds); with {@code async}, {@code batch} trials stay in flight and every
   * tell (oldest first) is followed by one ask, as the Spark driver loop does.
   */
  record Variant(LongFunction<Sampler> sampler, int batch, boolean async) {
    Variant(LongFunction<Sampler> sampler, int batch) {
      this(sampler, batch, false);
    }
  }

  private TpeBenchmark() {}

  static Map<String, Variant> variants() {
    Map<String, Variant> v = new LinkedHashMap<>();
    v.put("tpe_default", new Variant(s -> TpeSampler.builder().seed(s).build(), 1));
    v.put("tpe_univariate", new Variant(
        s -> TpeSampler.builder().seed(s).multivariate(false).build(), 1));
    v.put("tpe_optuna_univariate", new Variant(
        s -> TpeSampler.builder().preset(TpeSampler.Preset.OPTUNA).seed(s).build(), 1));
    v.put("tpe_optuna_multivariate", new Variant(s -> TpeSampler.builder()
        .preset(TpeSampler.Preset.OPTUNA).multivariate(true).seed(s).build(), 1));
    v.put("tpe_watanabe_preset", new Variant(
        s -> TpeSampler.builder().preset(TpeSampler.Preset.WATANABE).seed(s).build(), 1));
    v.put("tpe_batch8_liar", new Variant(s -> TpeSampler.builder().seed(s).build(), 8));
    v.put("tpe_async8_liar", new Variant(s -> TpeSampler.builder().seed(s).build(), 8, true));
    v.put("random", new Variant(RandomSampler::new, 1));
    return v;
  }

  /**
   * An ad-hoc variant for ablations, e.g. {@code mv=1,gamma=SQRT,w=UNIFORM,bw=SCOTT,clip=0,cat=0.2,
   * prior=1,startup=10,lw=0.3,lbw=0.4,recomb=0,extrap=0,batch=8} or {@code async=8} (unset keys keep
   * the defaults).
   */
  static Variant custom(String spec) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String[] p = part.split("=", 2);
      kv.put(p[0], p[1]);
    }
    LongFunction<Sampler> f = s -> {
      TpeSampler.Builder b = TpeSampler.builder().seed(s);
      kv.forEach((k, v) -> {
        switch (k) {
          case "preset" -> b.preset(TpeSampler.Preset.valueOf(v));
          case "mv" -> b.multivariate(v.equals("1"));
          case "gamma" -> b.gamma(TpeSampler.Gamma.valueOf(v));
          case "w" -> b.weights(TpeSampler.Weights.valueOf(v));
          case "bw" -> b.bandwidth(TpeSampler.Bandwidth.valueOf(v));
          case "clip" -> b.magicClip(v.equals("1"));
          case "cat" -> b.categoricalSmoothing(Double.parseDouble(v));
          case "prior" -> b.priorWeight(Double.parseDouble(v));
          case "startup" -> b.nStartupTrials(Integer.parseInt(v));
          case "liar" -> b.constantLiar(v.equals("1"));
          case "ei" -> b.nEiCandidates(Integer.parseInt(v));
          case "scale" -> b.kernelScale(TpeSampler.KernelScale.valueOf(v));
          case "lw" -> b.liarWeight(Double.parseDouble(v));
          case "lbw" -> b.belowBandwidthFactor(Double.parseDouble(v));
          case "recomb" -> b.batchRecombination(v.equals("1"));
          case "batch", "async" -> { }
          case "extrap" -> b.batchExtrapolation(v.equals("1"));
          case "widen" -> b.batchEarlyWidening(v.equals("1"));
          default -> throw new IllegalArgumentException("unknown variant key " + k);
        }
      });
      return b.build();
    };
    if (kv.containsKey("async")) {
      return new Variant(f, Integer.parseInt(kv.get("async")), true);
    }
    return new Variant(f, Integer.parseInt(kv.getOrDefault("batch", "1")));
  }

  /** Best value after each checkpoint (≤ trials) of one run. */
  static double[] run(Objective f, Sampler sampler, int trials, Variant v) {
    return v.async() ? runAsync(f, sampler, trials, v.batch()) : run(f, sampler, trials, v.batch());
  }

  /**
   * {@code inFlight} trials asked up front; then the oldest is evaluated and told, and one more is
   * asked, until {@code trials} have been told.
   */
  static double[] runAsync(Objective f, Sampler sampler, int trials, int inFlight) {
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(sampler).build();
    List<Double> best = new ArrayList<>();
    java.util.ArrayDeque<Trial> queue = new java.util.ArrayDeque<>();
    int asked = 0;
    while (asked < Math.min(inFlight, trials)) {
      queue.add(study.ask());
      asked++;
    }
    double b = Double.POSITIVE_INFINITY;
    int done = 0;
    while (done < trials) {
      b = Math.min(b, evaluateAndTell(study, f, queue.poll()));
      done++;
      recordCheckpoint(best, done, b);
      if (asked < trials) {
        queue.add(study.ask());
        asked++;
      }
    }
    return best.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Synchronous rounds of {@code batch} asks followed by {@code batch} tells. */
  static double[] run(Objective f, Sampler sampler, int trials, int batch) {
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(sampler).build();
    List<Double> best = new ArrayList<>();
    double b = Double.POSITIVE_INFINITY;
    int done = 0;
    while (done < trials) {
      int q = Math.min(batch, trials - done);
      List<Trial> asked = new ArrayList<>();
      for (int i = 0; i < q; i++) {
        asked.add(study.ask());
      }
      for (Trial t : asked) {
        b = Math.min(b, evaluateAndTell(study, f, t));
        done++;
        recordCheckpoint(best, done, b);
      }
    }
    return best.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double evaluateAndTell(Study study, Objective f, Trial t) {
    double v;
    try {
      v = f.evaluate(t);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    study.tell(t, v);
    return v;
  }

  /** Appends the best-so-far {@code b} when {@code done} is one of {@link #CHECKPOINTS}. */
  private static void recordCheckpoint(List<Double> best, int done, double b) {
    for (int c : CHECKPOINTS) {
      if (c == done) {
        best.add(b);
      }
    }
  }

  static double quantile(double[] xs, double q) {
    double[] s = xs.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int trials = Integer.parseInt(opt.getOrDefault("trials", "200"));
    int seeds = Integer.parseInt(opt.getOrDefault("seeds", "20"));
    int seedOffset = Integer.parseInt(opt.getOrDefault("seed-offset", "0"));
    Map<String, Objective> functions = BenchFunctions.all();
    List<String> fnames = opt.containsKey("functions")
        ? List.of(opt.get("functions").split(",")) : List.copyOf(functions.keySet());
    Map<String, Variant> all = variants();
    List<String> vnames = opt.containsKey("variants")
        ? List.of(opt.get("variants").split(";")) : List.copyOf(all.keySet());
    for (String vn : vnames) {
      all.computeIfAbsent(vn, TpeBenchmark::custom);
    }
    int nc = 0;
    while (nc < CHECKPOINTS.length && CHECKPOINTS[nc] <= trials) {
      nc++;
    }
    // results[function][variant] = per seed, best value per checkpoint
    Map<String, Map<String, double[][]>> results = new LinkedHashMap<>();
    for (String fn : fnames) {
      Map<String, double[][]> byVariant = new LinkedHashMap<>();
      for (String vn : vnames) {
        Variant v = all.get(vn);
        double[][] r = new double[seeds][];
        long t0 = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
          r[s] = run(functions.get(fn), v.sampler().apply(s + seedOffset), trials, v);
        }
        System.err.printf(Locale.ROOT, "%s %s: %.1f s%n", fn, vn, (System.nanoTime() - t0) / 1e9);
        if (opt.containsKey("dump")) {
          StringBuilder d = new StringBuilder();
          for (int s = 0; s < seeds; s++) {
            d.append(fn).append('\t').append(vn).append('\t').append(s + seedOffset).append('\t')
                .append(r[s][nc - 1]).append('\n');
          }
          Files.writeString(Path.of(opt.get("dump")), d, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
        }
        byVariant.put(vn, r);
      }
      results.put(fn, byVariant);
    }
    String optunaNote = addOptuna(opt.getOrDefault("optuna", "skip"), trials, seeds, seedOffset,
        Integer.parseInt(opt.getOrDefault("optuna-batch", "1")), fnames, results);
    String table = render(results, nc, trials, seeds, optunaNote)
        + ratios(results, nc, List.of(opt.getOrDefault("ratio-base", "tpe_default").split(",")));
    System.out.println(table);
    if (opt.containsKey("out")) {
      Files.writeString(Path.of(opt.get("out")), table);
    }
  }

  private static String addOptuna(String mode, int trials, int seeds, int seedOffset, int batch,
      List<String> fnames, Map<String, Map<String, double[][]>> results)
      throws IOException, InterruptedException {
    if (mode.equals("skip")) {
      return "Optuna columns skipped (--optuna skip).";
    }
    File json;
    if (mode.equals("run")) {
      Path out = Path.of("target", "bench", "optuna-" + trials + "x" + seeds + "+" + seedOffset
          + (batch > 1 ? "-batch" + batch : "") + ".json");
      Files.createDirectories(out.getParent());
      Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/optuna_reference.py",
          "--trials", "" + trials, "--seeds", "" + seeds, "--seed-offset", "" + seedOffset,
          "--batch", "" + batch, "--functions", String.join(",", fnames),
          "--out", out.toString()).redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int rc = p.waitFor();
      if (rc != 0) {
        String why = rc == 3 ? "optuna is missing for /usr/bin/python3 "
            + "(apt-get install -y python3-optuna)" : "the reference script exited with " + rc;
        System.err.println("Optuna columns left out: " + why);
        return "Optuna columns left out: " + why + ".";
      }
      json = out.toFile();
    } else {
      json = new File(mode);
    }
    JsonNode root = new ObjectMapper().readTree(json);
    for (String fn : fnames) {
      JsonNode byVariant = root.path("results").path(fn);
      byVariant.fieldNames().forEachRemaining(vn -> {
        JsonNode runs = byVariant.get(vn);
        double[][] r = new double[runs.size()][];
        for (int s = 0; s < runs.size(); s++) {
          r[s] = new double[runs.get(s).size()];
          for (int c = 0; c < r[s].length; c++) {
            r[s][c] = runs.get(s).get(c).asDouble();
          }
        }
        results.get(fn).put(vn, r);
      });
    }
    return "Optuna " + root.path("optuna").asText() + " from " + json + " ("
        + root.path("seeds").asInt() + " seeds).";
  }

  /**
   * Per base variant present in the results, a table of each variant's median regret (median best
   * minus the function's optimum) at the last checkpoint divided by the base's.
   */
  static String ratios(Map<String, Map<String, double[][]>> results, int nc, List<String> bases) {
    StringBuilder sb = new StringBuilder();
    for (String base : bases) {
      if (results.values().stream().noneMatch(m -> m.containsKey(base))) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "%n### Regret ratio at @%d, median(best) - optimum vs %s"
          + "%n%n| sampler |", CHECKPOINTS[nc - 1], base));
      results.keySet().forEach(f -> sb.append(' ').append(f).append(" |"));
      sb.append("\n|---|").append("---|".repeat(results.size())).append('\n');
      List<String> rows = results.values().stream().flatMap(m -> m.keySet().stream()).distinct()
          .toList();
      for (String v : rows) {
        sb.append("| ").append(v).append(" |");
        for (Map.Entry<String, Map<String, double[][]>> f : results.entrySet()) {
          double opt = BenchFunctions.OPTIMA.get(f.getKey());
          double[][] r = f.getValue().get(v);
          double[][] b = f.getValue().get(base);
          sb.append(r == null || b == null ? " - |" : String.format(Locale.ROOT, " %.2fx |",
              (median(r, nc - 1) - opt) / (median(b, nc - 1) - opt)));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static double median(double[][] runs, int c) {
    double[] xs = new double[runs.length];
    for (int s = 0; s < xs.length; s++) {
      xs[s] = runs[s][c];
    }
    return quantile(xs, 0.5);
  }

  private static String render(Map<String, Map<String, double[][]>> results, int nc, int trials,
      int seeds, String optunaNote) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Best value (minimized): median [p25, p75] over %d seeds, %d trials. %s%n", seeds, trials,
        optunaNote));
    for (Map.Entry<String, Map<String, double[][]>> f : results.entrySet()) {
      sb.append("\n### ").append(f.getKey()).append("\n\n| sampler |");
      for (int c = 0; c < nc; c++) {
        sb.append(" @").append(CHECKPOINTS[c]).append(" |");
      }
      sb.append("\n|---|").append("---|".repeat(nc)).append('\n');
      for (Map.Entry<String, double[][]> v : f.getValue().entrySet()) {
        sb.append("| ").append(v.getKey()).append(" |");
        for (int c = 0; c < nc; c++) {
          double[] xs = new double[v.getValue().length];
          for (int s = 0; s < xs.length; s++) {
            xs[s] = v.getValue()[s][c];
          }
          sb.append(String.format(Locale.ROOT, " %.4g [%.4g, %.4g] |", quantile(xs, 0.5),
              quantile(xs, 0.25), quantile(xs, 0.75)));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
