package io.sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.bench.DigitsGridBench.Outcome;
import io.sparktune.workload.Datasets;
import io.sparktune.workload.ForestTask;
import io.sparktune.workload.NativeForestEngine;
import io.sparktune.workload.TribuoForestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's digits target, side by side in one run: the seed's 35-point grid with 5-fold CV and
 * parallelism 2 (two trials at once, one thread each) with the native engine (boosted and forest
 * modes), Tribuo's engine ({@code -Dbench.tribuo=true}; 90-100 s a run) and Optuna 3.1 +
 * scikit-learn's RandomForestClassifier ({@code src/test/python/optuna_digits_grid.py}, Debian's
 * python3-optuna and python3-sklearn, {@code n_jobs=2}). {@code -Dbench.reps=N} interleaves N
 * runs of each and reports medians; the load average before and after is printed with the table.
 *
 * <pre>mvn -B test -Pbench -Dtest=DigitsNativeBench [-Dbench.reps=3] [-Dbench.tribuo=true]</pre>
 */
@Tag("bench")
final class DigitsNativeBench {
  private static final String OPTUNA = "Optuna 3.1 + scikit-learn RandomForestClassifier";

  @Test
  void grid35_nativeVsOptunaSklearn() throws Exception {
    int reps = Integer.getInteger("bench.reps", 1);
    String loadBefore = load();
    ForestTask task = ForestTask.split(Datasets.digits(), 0.1, 5, 42);
    Map<String, List<Outcome>> results = new LinkedHashMap<>();
    for (int r = 0; r < reps; r++) {
      for (NativeForestEngine.Mode mode : NativeForestEngine.Mode.values()) {
        if (!System.getProperty("bench.modes", "boosted,forest").contains(mode.configName())) {
          continue;
        }
        results.computeIfAbsent("sparktune native engine, " + mode.configName(),
            k -> new ArrayList<>()).add(DigitsGridBench.sparktune(
                new NativeForestEngine(task, mode)));
      }
      if (Boolean.getBoolean("bench.tribuo")) {
        results.computeIfAbsent("sparktune local engine (Tribuo)", k -> new ArrayList<>())
            .add(DigitsGridBench.sparktune(new TribuoForestEngine(task)));
      }
      results.computeIfAbsent(OPTUNA, k -> new ArrayList<>()).add(optuna());
      int run = r + 1;
      results.forEach((k, v) -> System.out.printf(Locale.ROOT, "run %d: %s %.1f s%n", run, k,
          v.get(v.size() - 1).seconds()));
    }
    double baseline = DigitsGridBench.median(results.get(OPTUNA));
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "| system | wall s (median of"
        + " %d) | ratio to Optuna | best CV accuracy | best params | test accuracy |%n| --- |"
        + " --- | --- | --- | --- | --- |%n", reps));
    results.forEach((name, list) -> {
      Outcome last = list.get(list.size() - 1);
      double m = DigitsGridBench.median(list);
      md.append(String.format(Locale.ROOT, "| %s | %.1f (%s) | %.2fx | %.4f | %s | %.4f |%n",
          name, m, list.stream().map(o -> String.format(Locale.ROOT, "%.1f", o.seconds()))
              .toList(), m / baseline, last.bestCv(), last.best(), last.test()));
    });
    md.append(String.format(Locale.ROOT, "%nload average before: %s; after: %s%n", loadBefore,
        load()));
    System.out.println(md);
    Path out = Path.of("target/bench/digits-native.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  private static Outcome optuna() throws IOException, InterruptedException {
    Path data = Files.createTempFile("digits", ".csv.gz");
    try (var in = Datasets.class.getResourceAsStream(Datasets.DIGITS_RESOURCE)) {
      Files.copy(in, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/optuna_digits_grid.py",
        "--data", data.toString(), "--jobs", "2").redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new AssertionError("optuna_digits_grid.py exited " + p.exitValue() + ": " + out);
    }
    Files.delete(data);
    JsonNode j = new ObjectMapper().readTree(out);
    return new Outcome(j.get("seconds").asDouble(), j.get("best_cv").asDouble(),
        j.get("best").toString(), j.get("test").asDouble());
  }

  static String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
