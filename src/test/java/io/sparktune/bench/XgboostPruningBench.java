package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.cli.Main;
import io.sparktune.spark.SharedSpark;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's pruning target on the boosted workload, side by side in one run through the command
 * line ({@code sparktune run}, trials as Spark tasks on local[2], 2 slots): the xgboost workload on
 * the bundled digits, validation log loss, the same random sampler seed (every variant sees the
 * same parameter sequence), with no pruning, ASHA with promotion from the booster checkpoints, the
 * stopping variant (successive halving) and the median pruner. Reports the rounds trained, the best
 * validation log loss at the full budget and the wall time, one table per seed.
 *
 * <p>The no-pruning variant also writes every trial's validation curve (the metric at each
 * reporting step, its parameters and seconds) to {@code target/xgb-curves-seed<N>.json}, so that
 * the pruning policies can be replayed offline ({@code src/test/python/xgb_policy_replay.py}): a
 * booster trained round by round does not depend on when it is paused, so the curves of a run of
 * {@code R} rounds hold every shorter schedule exactly.
 *
 * <pre>mvn -B test -Pbench -Dtest=XgboostPruningBench [-Dbench.trials=50 -Dbench.seeds=1,2
 *     -Dbench.variants=none,asha,sha,median -Dbench.rounds=540 -Dbench.minRounds=10
 *     -Dbench.eta=4 -Dbench.reportEvery=10 -Dbench.metric=logloss]</pre>
 *
 * <p>The defaults are the xgboost workload's ({@code XgboostWorkload.DEFAULT_ROUNDS}: rungs at 10,
 * 40, 160 and 540 rounds); until 2026-12-04 the benchmark ran 270 rounds with rungs 10/30/90/270.
 *
 * <p>{@code -Dbench.metric=accuracy} runs the same on validation accuracy (maximize), the metric of
 * {@code conf/xgboost-digits.yaml}; its files are named {@code ...-accuracy-...}.
 */
@Tag("bench")
final class XgboostPruningBench {
  private record Row(String variant, double wall, long rounds, long full, double best,
      int promotions, long pruned, long paused, String load) {}

  @Test
  void pruners_onBoostingRounds() throws Exception {
    int trials = Integer.getInteger("bench.trials", 50);
    int rounds = Integer.getInteger("bench.rounds", 540);
    int minRounds = Integer.getInteger("bench.minRounds", 10);
    int eta = Integer.getInteger("bench.eta", 4);
    int every = Integer.getInteger("bench.reportEvery", 10);
    String metric = System.getProperty("bench.metric", "logloss");
    String seeds = System.getProperty("bench.seeds", System.getProperty("bench.seed", "1"));
    SharedSpark.session();
    for (String s : seeds.split(",")) {
      long seed = Long.parseLong(s.trim());
      Path dir = Files.createTempDirectory("xgb-bench");
      String loadBefore = DigitsNativeBench.load();
      List<Row> rows = new ArrayList<>();
      for (String v : System.getProperty("bench.variants", "none,asha,sha,median").split(",")) {
        rows.add(run(dir, v.trim(), trials, seed, rounds, minRounds, eta, every, metric));
        System.out.println("BENCH " + rows.get(rows.size() - 1));
      }
      String md = table(rows, trials, seed, rounds, minRounds, eta, every, metric, loadBefore);
      System.out.println(md);
      Path out = Path.of("target/bench/xgboost-pruning-" + suffix(metric) + seed + ".md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, md);
    }
  }

  /** "" for log loss (the benchmark's metric), else the metric and a dash. */
  private static String suffix(String metric) {
    return metric.equals("logloss") ? "" : metric + "-";
  }

  private static String table(List<Row> rows, int trials, long seed, int rounds, int minRounds,
      int eta, int every, String metric, String loadBefore) {
    Row none = rows.stream().filter(r -> r.variant().equals("none")).findFirst().orElse(null);
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%d trials, random sampler"
        + " seed %d, up to %d rounds reported every %d, rungs %s (eta %d), local[2], 2 task"
        + " slots; load average before: %s%n%n"
        + "| variant | rounds trained | share of no pruning | best validation %s at %d"
        + " rounds | vs none (%s) | wall s | wall vs none | promotions | pruned | paused | load"
        + " average at the end |%n|---|---|---|---|---|---|---|---|---|---|---|%n", trials, seed,
        rounds, every, rungs(minRounds, eta, rounds), eta, loadBefore, metric, rounds,
        metric.equals("accuracy") ? "points" : "relative"));
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.4f | %s | %.1f | %s | %d |"
          + " %d | %d | %s |%n", r.variant(), r.rounds(), 100.0 * r.rounds() / r.full(), r.best(),
          none == null ? "-" : metric.equals("accuracy")
              ? String.format(Locale.ROOT, "%+.2f", 100 * (r.best() - none.best()))
              : String.format(Locale.ROOT, "%+.2f%%", 100 * (r.best() - none.best()) / none.best()),
          r.wall(), none == null ? "-" : String.format(Locale.ROOT, "%.2f",
              r.wall() / none.wall()), r.promotions(), r.pruned(), r.paused(), r.load()));
    }
    return md.toString();
  }

  private static String rungs(int minRounds, int eta, int rounds) {
    List<String> out = new ArrayList<>();
    for (long r = minRounds; r < rounds; r *= eta) {
      out.add(Long.toString(r));
    }
    out.add(Integer.toString(rounds));
    return String.join("/", out);
  }

  private static Row run(Path dir, String variant, int trials, long seed, int rounds,
      int minRounds, int eta, int every, String metric) throws Exception {
    Path cfg = dir.resolve(variant + ".yaml");
    Path journal = dir.resolve(variant + ".jsonl");
    Files.writeString(cfg, """
        study: {name: xgb-%s, direction: %s, sampler: random, seed: %d, nTrials: %d,
                pruner: %s}
        workload: {type: xgboost, metric: %s, rounds: %d, reportEvery: %d, minRounds: %d,
                   reductionFactor: %d, testFraction: 0.1}
        space:
          eta: {type: float, low: 0.01, high: 0.5, log: true}
          max_depth: {type: int, low: 2, high: 10}
          min_child_weight: {type: float, low: 0.01, high: 10, log: true}
          subsample: {type: float, low: 0.5, high: 1.0}
          colsample_bytree: {type: float, low: 0.2, high: 1.0}
          lambda: {type: float, low: 1.0e-3, high: 10, log: true}
          alpha: {type: float, low: 1.0e-3, high: 10, log: true}
        storage: %s
        execution: {mode: tasks, statusIntervalSeconds: 30}
        """.formatted(variant, metric.equals("accuracy") ? "maximize" : "minimize", seed, trials,
            variant, metric, rounds, every, minRounds, eta, journal));
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
    if (variant.equals("none")) {
      writeCurves(journal, "xgb-" + variant, seed, rounds, every, metric, wall);
    }
    return new Row(variant, wall, s.get("roundsTrained").asLong(),
        s.get("roundsWithoutPruning").asLong(), s.get("bestValue").asDouble(),
        x.has("promotions") ? x.get("promotions").asInt() : 0, s.get("pruned").asLong(),
        x.has("paused") ? x.get("paused").asLong() : 0, DigitsNativeBench.load());
  }

  /**
   * Writes the study's curves to {@code target/xgb-curves-seed<seed>.json}: per trial its number,
   * parameters, state, seconds and {@code values} (reporting round to validation log loss).
   */
  private static void writeCurves(Path journal, String study, long seed, int rounds, int every,
      String metric, double wall) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("seed", seed).put("rounds", rounds).put("reportEvery", every).put("metric", metric)
        .put("direction", metric.equals("accuracy") ? "maximize" : "minimize")
        .put("wallSeconds", wall).put("slots", 2);
    ArrayNode list = root.putArray("trials");
    try (JournalStorage storage = JournalStorage.open(journal)) {
      StudyInfo info = storage.findStudy(study).orElseThrow();
      for (FrozenTrial t : storage.trials(info.studyId(), EnumSet.allOf(TrialState.class))) {
        ObjectNode n = list.addObject();
        n.put("number", t.number()).put("state", t.state().name());
        n.put("seconds", t.duration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN));
        n.set("params", json.valueToTree(t.params()));
        ObjectNode values = n.putObject("values");
        t.intermediateValues().forEach((step, v) -> values.put(Integer.toString(step), v));
      }
    }
    Path out = Path.of("target/xgb-curves-" + suffix(metric) + "seed" + seed + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    System.out.println("Wrote " + out.toAbsolutePath());
  }
}
