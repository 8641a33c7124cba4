package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.cli.Main;
import io.sparktune.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's pruning target on the boosted workload, side by side in one run through the command
 * line ({@code sparktune run}, trials as Spark tasks on local[2], 2 slots): the xgboost workload on
 * the bundled digits, validation log loss, up to 270 rounds reported every 10, the same random
 * sampler seed (every variant sees the same parameter sequence), with no pruning, ASHA with
 * promotion from the booster checkpoints, the stopping variant (successive halving) and the median
 * pruner; rungs at 10, 30, 90, 270 rounds. Reports the rounds trained, the best validation log
 * loss at 270 rounds and the wall time.
 *
 * <pre>mvn -B test -Pbench -Dtest=XgboostPruningBench [-Dbench.trials=50 -Dbench.seed=1
 *     -Dbench.variants=none,asha,sha,median]</pre>
 */
@Tag("bench")
final class XgboostPruningBench {
  private record Row(String variant, double wall, long rounds, long full, double best,
      int promotions, long pruned, String load) {}

  @Test
  void pruners_onBoostingRounds() throws Exception {
    int trials = Integer.getInteger("bench.trials", 50);
    long seed = Long.getLong("bench.seed", 1);
    SharedSpark.session();
    Path dir = Files.createTempDirectory("xgb-bench");
    List<Row> rows = new ArrayList<>();
    for (String v : System.getProperty("bench.variants", "none,asha,sha,median").split(",")) {
      rows.add(run(dir, v, trials, seed));
      System.out.println("BENCH " + rows.get(rows.size() - 1));
    }
    Row none = rows.stream().filter(r -> r.variant().equals("none")).findFirst().orElse(null);
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%d trials, random sampler"
        + " seed %d, up to 270 rounds, rungs 10/30/90/270 (eta 3), local[2], 2 task slots%n%n"
        + "| variant | rounds trained | share of no pruning | best validation log loss at 270"
        + " rounds | vs none (relative) | wall s | wall vs none | promotions | pruned | load"
        + " average at the end |%n|---|---|---|---|---|---|---|---|---|---|%n", trials, seed));
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.4f | %s | %.1f | %s | %d |"
          + " %d | %s |%n", r.variant(), r.rounds(), 100.0 * r.rounds() / r.full(), r.best(),
          none == null ? "-" : String.format(Locale.ROOT, "%+.2f%%",
              100 * (r.best() - none.best()) / none.best()),
          r.wall(), none == null ? "-" : String.format(Locale.ROOT, "%.2f",
              r.wall() / none.wall()), r.promotions(), r.pruned(), r.load()));
    }
    System.out.println(md);
    Path out = Path.of("target/bench/xgboost-pruning-" + seed + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  private static Row run(Path dir, String variant, int trials, long seed) throws Exception {
    Path cfg = dir.resolve(variant + ".yaml");
    Files.writeString(cfg, """
        study: {name: xgb-%s, direction: minimize, sampler: random, seed: %d, nTrials: %d,
                pruner: %s}
        workload: {type: xgboost, metric: logloss, rounds: 270, reportEvery: 10, minRounds: 10,
                   reductionFactor: 3, testFraction: 0.1}
        space:
          eta: {type: float, low: 0.01, high: 0.5, log: true}
          max_depth: {type: int, low: 2, high: 10}
          min_child_weight: {type: float, low: 0.01, high: 10, log: true}
          subsample: {type: float, low: 0.5, high: 1.0}
          colsample_bytree: {type: float, low: 0.2, high: 1.0}
          lambda: {type: float, low: 1.0e-3, high: 10, log: true}
          alpha: {type: float, low: 1.0e-3, high: 10, log: true}
        execution: {mode: tasks, statusIntervalSeconds: 30}
        """.formatted(variant, seed, trials, variant));
    Path out = dir.resolve("out-" + variant);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int code = Main.run(new String[] {"run", "--config", cfg.toString(), "--output",
        out.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    double wall = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new AssertionError(variant + " exited " + code + ": " + err);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode x = s.get("execution");
    return new Row(variant, wall, s.get("roundsTrained").asLong(),
        s.get("roundsWithoutPruning").asLong(), s.get("bestValue").asDouble(),
        x.has("promotions") ? x.get("promotions").asInt() : 0, s.get("pruned").asLong(),
        DigitsNativeBench.load());
  }
}
