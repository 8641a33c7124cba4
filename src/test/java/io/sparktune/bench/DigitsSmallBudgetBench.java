package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.sampler.Sampler;
import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.OptimizeOptions;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedTrial;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.ForestEngine;
import io.sparktune.workload.ForestObjective;
import io.sparktune.workload.ForestParams;
import io.sparktune.workload.ForestTask;
import io.sparktune.workload.TribuoForestEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The digits random forest at a small budget (issue 3): 10 trials per study, 20 sampler seeds,
 * sparktune's default TPE vs sparktune's random search vs Optuna 3.1's TPESampler (driven over
 * ask/tell by {@code src/test/python/optuna_ask_tell.py} with Debian's python3, so all three
 * samplers score exactly the same objective). Space: the job's {@code conf/digits.yaml} space
 * ({@code n_estimators} int 1..200 log, {@code max_depth} int 1..100 log); objective: 5-fold CV
 * accuracy of the local engine (Tribuo) on the 90% training split (split and forest seed 42).
 *
 * <p>The objective is a pure function of the two integers (fixed data, folds and forest seed), so
 * fold accuracies are memoized across studies: a point two studies propose is trained once. This
 * changes the wall time only, never a value. The memo is kept in {@code
 * target/bench/digits-fold-memo.tsv} between runs ({@code mvn clean} or deleting it retrains).
 *
 * <pre>mvn -B test -Pbench -Dtest=DigitsSmallBudgetBench [-Dbench.seeds=20 -Dbench.trials=10]</pre>
 */
@Tag("bench")
final class DigitsSmallBudgetBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPACE_JSON = "{\"n_estimators\": {\"type\": \"int\", \"low\": 1,"
      + " \"high\": 200, \"log\": true}, \"max_depth\": {\"type\": \"int\", \"low\": 1,"
      + " \"high\": 100, \"log\": true}}";

  @Test
  void digits10Trials_tpeVsRandomVsOptuna() throws Exception {
    int seeds = Integer.getInteger("bench.seeds", 20);
    int trials = Integer.getInteger("bench.trials", 10);
    SearchSpace space = SearchSpace.builder()
        .add("n_estimators", IntDistribution.logUniform(1, 200))
        .add("max_depth", IntDistribution.logUniform(1, 100)).build();
    Path memo = Path.of("target/bench/digits-fold-memo.tsv");
    MemoEngine engine =
        new MemoEngine(new TribuoForestEngine(ForestTask.split(Datasets.digits(), 0.1, 5, 42)));
    engine.load(memo);
    ForestObjective objective = new ForestObjective(engine, space, 5, 42);

    Map<String, LongFunction<Sampler>> ours = new LinkedHashMap<>();
    ours.put("sparktune TPE (default)", s -> TpeSampler.builder().seed(s).build());
    ours.put("sparktune random", RandomSampler::new);
    List<String> names = new ArrayList<>(ours.keySet());
    names.add("Optuna 3.1 TPESampler");
    Map<String, double[]> best = new LinkedHashMap<>();
    names.forEach(n -> best.put(n, new double[seeds]));

    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> jobs = new ArrayList<>();
    String[] optunaMissing = {null};
    for (int seed = 0; seed < seeds; seed++) {
      final int s = seed;
      ours.forEach((name, sampler) -> jobs.add(pool.submit(() -> {
        Study study = Study.builder().direction(Direction.MAXIMIZE).sampler(sampler.apply(s))
            .pruner(new NopPruner()).build();
        study.optimize(objective, OptimizeOptions.builder().nTrials(trials).build());
        best.get(name)[s] = study.bestValue();
        return null;
      })));
      jobs.add(pool.submit(() -> {
        try {
          best.get("Optuna 3.1 TPESampler")[s] = optuna(objective, s, trials);
        } catch (OptunaMissing e) {
          optunaMissing[0] = e.getMessage();
          best.get("Optuna 3.1 TPESampler")[s] = Double.NaN;
        }
        return null;
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    pool.shutdown();
    engine.save(memo);
    double seconds = (System.nanoTime() - t0) / 1e9;

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Digits RF, %d trials per study, %d sampler seeds (0-%d);"
        + " best 5-fold CV accuracy per study. %d distinct points, %d folds trained in this run,"
        + " %.0f s.%n%n", trials,
        seeds, seeds - 1, engine.points(), engine.trained.get(), seconds));
    if (optunaMissing[0] != null) {
      md.append("Optuna rows missing: ").append(optunaMissing[0]).append("\n\n");
    }
    md.append("| sampler | median best CV | p25 | p75 | mean | studies >= 0.965 |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    best.forEach((name, xs) -> {
      double[] v = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length == 0) {
        return;
      }
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %d / %d |%n", name,
          TpeBenchmark.quantile(v, 0.5), TpeBenchmark.quantile(v, 0.25),
          TpeBenchmark.quantile(v, 0.75), Arrays.stream(v).average().orElseThrow(),
          Arrays.stream(v).filter(x -> x >= 0.965).count(), v.length));
    });
    md.append("\nper seed:\n\n");
    best.forEach((name, xs) -> md.append("- ").append(name).append(": ").append(Arrays.stream(xs)
        .mapToObj(x -> String.format(Locale.ROOT, "%.4f", x)).toList()).append('\n'));
    System.out.println(md);
    Path out = Path.of("target/bench/digits-small-budget.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  /** Thrown when /usr/bin/python3 has no optuna. */
  static final class OptunaMissing extends Exception {
    OptunaMissing(String m) {
      super(m);
    }
  }

  /** One Optuna study driving {@code objective} over ask/tell; returns the best value. */
  private static double optuna(ForestObjective objective, int seed, int trials)
      throws IOException, InterruptedException, OptunaMissing {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      throw new OptunaMissing("/usr/bin/python3 not found (apt-get install python3-optuna)");
    }
    Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/optuna_ask_tell.py", "tpe",
        Integer.toString(seed), Integer.toString(trials), "maximize", SPACE_JSON)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    double best = Double.NEGATIVE_INFINITY;
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
      for (int t = 0; t < trials; t++) {
        String line = in.readLine();
        if (line == null) {
          break;
        }
        JsonNode params = JSON.readTree(line);
        Map<String, Object> fixed = new LinkedHashMap<>();
        params.fields().forEachRemaining(e -> fixed.put(e.getKey(), e.getValue().asLong()));
        double v = objective.evaluate(new FixedTrial(fixed, t));
        best = Math.max(best, v);
        out.println(v);
      }
      in.readLine();
    }
    int rc = p.waitFor();
    if (rc == 3) {
      throw new OptunaMissing("optuna is missing for /usr/bin/python3 (apt-get install -y"
          + " python3-optuna)");
    }
    if (rc != 0) {
      throw new IllegalStateException("optuna_ask_tell.py exited with " + rc);
    }
    return best;
  }

  /** Memoizes fold accuracies: the objective is a pure function of the parameters. */
  static final class MemoEngine implements ForestEngine {
    private static final long serialVersionUID = 1L;
    private final ForestEngine inner;
    private final Map<String, CompletableFuture<Double>> folds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> points = new ConcurrentHashMap<>();
    private final AtomicInteger trained = new AtomicInteger();

    MemoEngine(ForestEngine inner) {
      this.inner = inner;
    }

    int points() {
      return points.size();
    }

    /** Loads fold accuracies saved by {@link #save}, if the file exists. */
    void load(Path file) throws IOException {
      if (!Files.exists(file)) {
        return;
      }
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.split("\t");
        folds.put(kv[0], CompletableFuture.completedFuture(Double.parseDouble(kv[1])));
      }
    }

    /** Saves every computed fold accuracy as {@code key<TAB>value} lines. */
    void save(Path file) throws IOException {
      StringBuilder sb = new StringBuilder();
      folds.forEach((k, f) -> {
        if (f.isDone() && !f.isCompletedExceptionally()) {
          sb.append(k).append('\t').append(f.join()).append('\n');
        }
      });
      Files.createDirectories(file.getParent());
      Files.writeString(file, sb.toString());
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public int effectiveDepth(int maxDepth) {
      return inner.effectiveDepth(maxDepth);
    }

    @Override
    public double foldAccuracy(ForestParams p, int k) {
      String key = p.numTrees() + "/" + p.maxDepth() + "/" + p.seed() + "/" + k;
      points.put(p.numTrees() + "/" + p.maxDepth(), Boolean.TRUE);
      CompletableFuture<Double> mine = new CompletableFuture<>();
      CompletableFuture<Double> f = folds.putIfAbsent(key, mine);
      if (f == null) {
        trained.incrementAndGet();
        try {
          mine.complete(inner.foldAccuracy(p, k));
        } catch (RuntimeException e) {
          mine.completeExceptionally(e);
        }
        f = mine;
      }
      return f.join();
    }

    @Override
    public double testAccuracy(ForestParams p) {
      return inner.testAccuracy(p);
    }
  }
}
