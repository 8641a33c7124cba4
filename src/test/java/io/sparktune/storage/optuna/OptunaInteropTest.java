package io.sparktune.storage.optuna;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.storage.StudyInfo;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.journal.LocalFileJournalBackend;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import io.sparktune.trial.TrialState;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparktune and the real Optuna (Debian's python3-optuna 3.1 via {@code /usr/bin/python3}, one
 * Python process for the class): a sparktune study exported and loaded by {@code
 * optuna.load_study}; a study Optuna wrote, imported; sparktune to Optuna (which runs two more
 * trials) and back. Every trial is compared field by field.
 */
final class OptunaInteropTest {
  private static final ZoneId ZONE = ZoneId.systemDefault();
  @TempDir
  static Path dir;
  private static List<FrozenTrial> original;
  private static FrozenTrial originalBest;
  private static JsonNode python;

  @BeforeAll
  static void studiesOnBothSides() throws Exception {
    Path journal = dir.resolve("sparktune.jsonl");
    try (JournalStorage storage = JournalStorage.open(journal)) {
      Study study = Study.builder().name("forest <b>&</b>").direction(Direction.MAXIMIZE)
          .sampler(new RandomSampler(42)).storage(storage).build();
      study.optimize(OptunaInteropTest::objective, 14);
      study.ask().suggestFloat("x", -5, 5); // left RUNNING
      study.enqueueTrial(Map.of("x", 1.0, "lr", 0.01, "q", 0.5, "trees", 8L, "depth", 4L,
          "impurity", "gini"));
      original = study.trials();
      originalBest = study.bestTrial();
      try (OutputStream out = Files.newOutputStream(dir.resolve("exported.log"))) {
        assertThat(OptunaJournal.export(storage, storage.studies(), out, ZONE)).isEqualTo(16);
      }
    }
    python = OptunaPython.run(dir.resolve("exported.log"), dir.resolve("native.log"),
        dir.resolve("continued.log"));
  }

  private static double objective(Trial t) {
    double x = t.suggestFloat("x", -5, 5);
    double lr = t.suggestLogFloat("lr", 1e-4, 1e-1);
    double q = t.suggestFloat("q", 0, 1, 0.25);
    long trees = t.suggestInt("trees", IntDistribution.logUniform(1, 64));
    long depth = t.suggestInt("depth", IntDistribution.stepped(0, 10, 2));
    Object impurity = t.suggestCategorical("impurity",
        CategoricalDistribution.of("gini", "<script>alert(1)</script>", 3L, 0.5, true, null));
    t.setUserAttr("folds", List.of(0.5, 0.75));
    t.setUserAttr("note", Map.of("impurity", String.valueOf(impurity), "n", 3));
    double value = -x * x + Math.log10(lr) + q + trees / 64.0 + depth / 10.0;
    for (int step = 0; step < 3; step++) {
      t.report(value - 2 + step, step);
    }
    if (t.number() % 5 == 3) {
      throw new TrialPrunedException();
    }
    if (t.number() % 5 == 4) {
      throw new IllegalStateException("objective failed on purpose at trial " + t.number());
    }
    return value;
  }

  private static JsonNode study(String dump, int index) {
    return python.get(dump).get(index);
  }

  private static void assertSameTrials(JsonNode optunaTrials, List<FrozenTrial> sparktune) {
    assertThat(optunaTrials.size()).as("trials").isEqualTo(sparktune.size());
    for (int i = 0; i < sparktune.size(); i++) {
      assertThat(OptunaPython.differences(optunaTrials.get(i),
          OptunaPython.shape(sparktune.get(i), ZONE))).as("trial %d", i).isEmpty();
    }
  }

  @Test
  void export_loadedByOptuna_everyTrialFieldMatches() {
    JsonNode s = study("exported", 0);
    assertThat(s.get("name").asText()).isEqualTo("forest <b>&</b>");
    assertThat(s.get("directions").toString()).isEqualTo("[\"MAXIMIZE\"]");
    assertThat(s.get("best").asInt()).isEqualTo(originalBest.number());
    assertThat(s.get("bestValue").asDouble()).isEqualTo(originalBest.value());
    assertSameTrials(s.get("trials"), original);
    assertThat(original.stream().map(FrozenTrial::state).distinct())
        .containsExactlyInAnyOrder(TrialState.values());
    assertThat(original.get(4).systemAttrs().get("fail_reason").toString())
        .contains("objective failed on purpose at trial 4");
  }

  @Test
  void optunaStudy_imported_everyTrialFieldMatches() throws Exception {
    JsonNode s = study("native", 0);
    List<OptunaStudy> read = OptunaJournal.read(OptunaPython.bytes(dir.resolve("native.log")),
        "native.log", ZONE);
    assertThat(read).extracting(OptunaStudy::name).containsExactly("optuna-native");
    assertThat(read.get(0).userAttrs()).isEqualTo(Map.of("owner", "notebook"));
    List<FrozenTrial> imported = importInto(read.get(0), "imported", dir.resolve("native.jsonl"));
    assertSameTrials(s.get("trials"), imported);
    assertThat(imported.stream().map(FrozenTrial::state).distinct())
        .containsExactlyInAnyOrder(TrialState.values());
    FrozenTrial best = imported.stream().filter(t -> t.state() == TrialState.COMPLETE)
        .min(java.util.Comparator.comparingDouble(FrozenTrial::value)).orElseThrow();
    assertThat(best.number()).isEqualTo(s.get("best").asInt());
    assertThat(best.value()).isEqualTo(s.get("bestValue").asDouble());
  }

  @Test
  void roundTrip_sparktuneToOptunaAndBack_keepsEveryTrialAndOptunasNewOnes() throws Exception {
    JsonNode s = study("continued", 0);
    List<OptunaStudy> read = OptunaJournal.read(
        OptunaPython.bytes(dir.resolve("continued.log")), "continued.log", ZONE);
    List<FrozenTrial> back = importInto(read.get(0), "forest <b>&</b>",
        dir.resolve("back.jsonl"));
    assertSameTrials(s.get("trials"), back);
    // Optuna ran the enqueued trial (15) with its fixed parameters, then one new trial (16).
    assertThat(back).hasSize(original.size() + 1);
    for (FrozenTrial t : original) {
      if (t.state() != TrialState.WAITING) {
        assertThat(OptunaPython.differences(OptunaPython.shape(back.get(t.number()), ZONE),
            OptunaPython.shape(t, ZONE))).as("trial %d", t.number()).isEmpty();
      }
    }
    assertThat(back.get(15).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(back.get(15).params()).containsEntry("impurity", "gini").containsEntry("q", 0.5);
    assertThat(back.get(16).state()).isEqualTo(TrialState.COMPLETE);
  }

  private static List<FrozenTrial> importInto(OptunaStudy study, String name, Path journal) {
    ImportClock clock = new ImportClock();
    try (JournalStorage target = new JournalStorage(newBackend(journal), clock)) {
      OptunaJournal.copy(study, name, target, clock);
    }
    try (JournalStorage reopened = JournalStorage.open(journal)) { // what the file holds
      StudyInfo info = reopened.findStudy(name).orElseThrow();
      assertThat(info.direction()).isEqualTo(study.direction());
      return reopened.trials(info.studyId(), EnumSet.allOf(TrialState.class));
    }
  }

  static LocalFileJournalBackend newBackend(Path journal) {
    try {
      return new LocalFileJournalBackend(journal);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void enqueueBest_ofOptunaStudy_runsItsBestParamsFirst() throws Exception {
    OptunaStudy optuna = OptunaJournal.read(OptunaPython.bytes(dir.resolve("native.log")),
        "native.log", ZONE).get(0);
    try (JournalStorage storage = JournalStorage.open(dir.resolve("warm.jsonl"))) {
      Study study = Study.builder().name("warm").direction(Direction.MINIMIZE)
          .sampler(new RandomSampler(1)).storage(storage).build();
      List<Map<String, Object>> enqueued = OptunaJournal.enqueueBest(optuna, 3, storage,
          study.studyId());
      JsonNode trials = study("native", 0).get("trials");
      List<Double> completeValues = new ArrayList<>();
      trials.forEach(t -> {
        if (t.get("state").asText().equals("COMPLETE")) {
          completeValues.add(t.get("value").asDouble());
        }
      });
      completeValues.sort(null);
      study.optimize(t -> {
        double x = t.suggestFloat("x", -5, 5);
        t.suggestLogFloat("lr", 1e-4, 1e-1);
        t.suggestFloat("q", 0, 1, 0.25);
        t.suggestLogInt("n", 1, 64);
        t.suggestInt("k", 0, 10, 2);
        t.suggestCategorical("act", Arrays.asList("relu", "tanh", "<b>gelu</b>"));
        return x;
      }, 5);
      List<FrozenTrial> ran = study.trials();
      assertThat(enqueued).hasSize(3);
      for (int i = 0; i < 3; i++) {
        FrozenTrial fromOptuna = optuna.trials().stream()
            .filter(t -> t.state() == TrialState.COMPLETE).sorted(
                java.util.Comparator.comparingDouble(FrozenTrial::value)).toList().get(i);
        assertThat(fromOptuna.value()).isEqualTo(completeValues.get(i));
        assertThat(ran.get(i).params()).as("trial %d", i).usingRecursiveComparison()
            .isEqualTo(fromOptuna.params());
        assertThat(ran.get(i).systemAttrs().get("warm_start_of"))
            .isEqualTo("Optuna study 'optuna-native' trial " + fromOptuna.number());
      }
      assertThat(ran).hasSize(5).allMatch(t -> t.state() == TrialState.COMPLETE);
    }
  }

  @Test
  void dumps_comeFromTheInstalledOptuna() {
    assertThat(python.get("optuna").asText()).startsWith("3.");
    assertThat(FloatDistribution.class).isNotNull();
  }
}
