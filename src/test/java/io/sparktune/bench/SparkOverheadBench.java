package io.sparktune.bench;

import io.sparktune.pruner.NopPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.spark.SharedSpark;
import io.sparktune.spark.SparkStudyRunner;
import io.sparktune.study.Objective;
import io.sparktune.study.Study;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Driver-loop overhead on local[2] (2 slots), side by side in one run:
 * <ol>
 *   <li>200 trials of a 0.5 s sleep, asynchronous loop: wall time against the ideal 200 x 0.5 / 2;
 *   <li>the same study through Optuna 3.1 with {@code n_jobs=2} (Debian's python3-optuna);
 *   <li>lognormal trial durations (median 0.4 s, sigma 0.8, seeded): slot utilization of the
 *       asynchronous loop and of synchronous rounds, and their wall-time ratio.
 * </ol>
 * <pre>mvn -B test -Pbench -Dtest=SparkOverheadBench [-Dbench.reps=3]</pre>
 */
@Tag("bench")
final class SparkOverheadBench {
  private static final SearchSpace SPACE =
      SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();

  private static SparkStudyRunner.Report run(SparkStudyRunner.Loop loop, int n,
      Objective objective) {
    Study study = Study.builder().sampler(new RandomSampler(1)).pruner(new NopPruner()).build();
    return new SparkStudyRunner(study, SharedSpark.session(), new SparkStudyRunner.Options(
        SparkStudyRunner.Mode.TASKS, loop, n, null, null, 1, 2, 0, Duration.ofSeconds(30)))
        .run(objective, SPACE);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int m = s.size();
    return m % 2 == 1 ? s.get(m / 2) : (s.get(m / 2 - 1) + s.get(m / 2)) / 2;
  }

  private static Double optunaSleep(int n, double seconds) throws Exception {
    Path script = Path.of("src/test/python/optuna_sleep.py");
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return null;
    }
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(n),
        Double.toString(seconds), "2").redirectErrorStream(true).start();
    String out;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = String.join("\n", r.lines().toList());
    }
    p.waitFor();
    if (p.exitValue() != 0 || !out.contains("wall=")) {
      System.out.println("Optuna reference unavailable (apt-get install python3-optuna): " + out);
      return null;
    }
    return Double.parseDouble(out.substring(out.indexOf("wall=") + 5).trim());
  }

  @Test
  void sleepStudy_overheadUtilizationAndOptuna() throws Exception {
    int reps = Integer.getInteger("bench.reps", 3);
    int n = Integer.getInteger("bench.trials", 200);
    double sleep = 0.5;
    double ideal = n * sleep / 2;
    SharedSpark.session();
    run(SparkStudyRunner.Loop.ASYNC, 20, t -> 0.0); // warm-up
    List<Double> sparktune = new ArrayList<>();
    List<Double> optuna = new ArrayList<>();
    List<Double> asyncWall = new ArrayList<>();
    List<Double> syncWall = new ArrayList<>();
    List<Double> asyncUtil = new ArrayList<>();
    List<Double> syncUtil = new ArrayList<>();
    Objective lognormal = t -> {
      double x = t.suggestFloat("x", 0, 1);
      SplittableRandom rng = new SplittableRandom(1000L + t.number());
      double z = rng.nextGaussian();
      Thread.sleep((long) (400 * Math.exp(0.8 * z)));
      return x;
    };
    for (int r = 0; r < reps; r++) {
      sparktune.add(run(SparkStudyRunner.Loop.ASYNC, n, t -> {
        Thread.sleep((long) (sleep * 1000));
        return t.suggestFloat("x", 0, 1);
      }).wallSeconds());
      Double o = optunaSleep(n, sleep);
      if (o != null) {
        optuna.add(o);
      }
      SparkStudyRunner.Report a = run(SparkStudyRunner.Loop.ASYNC, 100, lognormal);
      SparkStudyRunner.Report s = run(SparkStudyRunner.Loop.SYNC, 100, lognormal);
      asyncWall.add(a.wallSeconds());
      syncWall.add(s.wallSeconds());
      asyncUtil.add(a.utilization());
      syncUtil.add(s.utilization());
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Sleep study: %d trials x %.1f s on local[2], ideal %.1f s"
        + " (median of %d runs)%n%n", n, sleep, ideal, reps));
    md.append("| system | wall s (runs) | ratio to ideal |\n| --- | --- | --- |\n");
    md.append(String.format(Locale.ROOT, "| sparktune tasks, async loop | %.2f %s | %.3fx |%n",
        median(sparktune), fmt(sparktune), median(sparktune) / ideal));
    if (!optuna.isEmpty()) {
      md.append(String.format(Locale.ROOT, "| Optuna 3.1 n_jobs=2 | %.2f %s | %.3fx |%n",
          median(optuna), fmt(optuna), median(optuna) / ideal));
      md.append(String.format(Locale.ROOT, "%nsparktune / Optuna wall-time ratio: %.3f%n",
          median(sparktune) / median(optuna)));
    }
    md.append(String.format(Locale.ROOT, "%nLognormal durations (100 trials, median 0.4 s, sigma"
        + " 0.8):%n%n| loop | wall s (runs) | slot utilization |%n| --- | --- | --- |%n"));
    md.append(String.format(Locale.ROOT, "| async | %.2f %s | %.3f |%n", median(asyncWall),
        fmt(asyncWall), median(asyncUtil)));
    md.append(String.format(Locale.ROOT, "| sync rounds | %.2f %s | %.3f |%n", median(syncWall),
        fmt(syncWall), median(syncUtil)));
    md.append(String.format(Locale.ROOT, "%nasync / sync wall-time ratio: %.3f%n",
        median(asyncWall) / median(syncWall)));
    System.out.println(md);
    Path out = Path.of("target/bench/spark-overhead.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  private static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList().toString();
  }
}
