package io.sparktune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.NopPruner;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Objective;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampler contract (Optuna's {@code BasicSamplerTestCase}) for {@link TpeSampler}, in both
 * univariate and multivariate mode, past the startup trials so the estimator is exercised.
 */
final class TpeSamplerContractTest {
  static final SearchSpace MIXED = SearchSpace.builder()
      .add("x", FloatDistribution.uniform(-3, 5))
      .add("lr", FloatDistribution.logUniform(1e-5, 1e-1))
      .add("dropout", FloatDistribution.stepped(0.0, 0.5, 0.1))
      .add("units", IntDistribution.uniform(1, 7))
      .add("batch", IntDistribution.logUniform(8, 512))
      .add("layers", IntDistribution.stepped(2, 11, 3))
      .add("kind", CategoricalDistribution.of("svm", 3, true, 2.5))
      .build();

  static TpeSampler tpe(long seed, boolean multivariate) {
    return TpeSampler.builder().seed(seed).multivariate(multivariate).build();
  }

  static Object suggest(Trial t, String name, Distribution d) {
    if (d instanceof FloatDistribution f) {
      return t.suggestFloat(name, f);
    }
    if (d instanceof IntDistribution i) {
      return t.suggestInt(name, i);
    }
    return t.suggestCategorical(name, (CategoricalDistribution) d);
  }

  static Study run(TpeSampler sampler, SearchSpace space, int n) {
    Study study = Study.builder().direction(Direction.MINIMIZE).sampler(sampler)
        .pruner(new NopPruner()).build();
    study.optimize(t -> {
      double sum = 0;
      for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
        Object v = suggest(t, e.getKey(), e.getValue());
        sum += v instanceof Number x ? Math.abs(x.doubleValue() - 1) : v.hashCode() % 7;
      }
      return sum;
    }, n);
    return study;
  }

  private static List<Map<String, Object>> params(Study study) {
    return study.trials().stream().map(FrozenTrial::params).toList();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sample_mixedSpace_everyValueInsideItsDistribution(boolean multivariate) {
    Study study = run(tpe(7, multivariate), MIXED, 40);
    assertThat(study.trials()).hasSize(40).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      for (Map.Entry<String, Distribution> e : MIXED.params().entrySet()) {
        assertThat(e.getValue().contains(t.internalParam(e.getKey())))
            .as("%s=%s in %s", e.getKey(), t.params().get(e.getKey()), e.getValue()).isTrue();
      }
      assertThat((Double) t.params().get("lr")).isBetween(1e-5, 1e-1);
      double dropout = (Double) t.params().get("dropout");
      assertThat(Math.abs(dropout * 10 - Math.rint(dropout * 10))).isLessThan(1e-9);
      assertThat(((Long) t.params().get("layers") - 2) % 3).isZero();
      assertThat(List.<Object>of("svm", 3, true, 2.5)).contains(t.params().get("kind"));
    });
  }

  @Test
  void sample_logFloat_modelledInLogSpace() {
    // The optimum 1e-4 is two decades above the lower bound: in log space TPE finds it quickly.
    Study study = Study.builder().sampler(tpe(3, false)).build();
    study.optimize(t -> Math.abs(Math.log10(t.suggestLogFloat("lr", 1e-6, 1.0)) + 4), 40);
    assertThat(Math.log10((Double) study.bestParams().get("lr"))).isBetween(-4.3, -3.7);
    long belowMilli = study.trials().stream()
        .filter(t -> (Double) t.params().get("lr") < 1e-3).count();
    assertThat(belowMilli).isGreaterThan(20); // linear sampling would put ~0.1% there
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sample_sameSeed_sameParamsOver15Trials(boolean multivariate) {
    assertThat(params(run(tpe(42, multivariate), MIXED, 15)))
        .isEqualTo(params(run(tpe(42, multivariate), MIXED, 15)));
  }

  @Test
  void sample_finiteSpace_neverRepeatsAConfigurationUntilExhausted() {
    // A 27-point grid given as a space, with one clear optimum that TPE would otherwise keep
    // proposing: every configuration is evaluated once before any repeats.
    for (boolean sequential : new boolean[] {true, false}) {
      Study study = Study.builder().sampler(tpe(4, true)).pruner(new NopPruner()).build();
      Objective f = t -> {
        int depth = t.suggestCategorical("depth", List.of(3, 6, 9));
        int trees = t.suggestInt("trees", 5, 25, 10);
        int min = t.suggestCategorical("min", List.of(1, 50, 500));
        return -(depth / 9.0 + trees / 25.0) + min / 1000.0;
      };
      if (sequential) {
        study.optimize(f, 27);
      } else {
        study.optimize(f, io.sparktune.study.OptimizeOptions.builder().nTrials(27).parallelism(3)
            .build());
      }
      Set<Map<String, Object>> seen = new HashSet<>();
      for (FrozenTrial t : study.trials()) {
        // In parallel the startup design's blocks (3 trials each, asked before 3 finished) are
        // drawn independently and may meet; every model-based proposal is new.
        boolean startup = !sequential && t.number() < 6;
        assertThat(seen.add(t.params()) || startup).as("%s: trial %d %s repeats an earlier one",
            sequential ? "one at a time" : "3 in parallel", t.number(), t.params()).isTrue();
      }
      assertThat(seen).hasSizeGreaterThanOrEqualTo(sequential ? 27 : 24);
      study.optimize(f, 1); // exhausted or nearly: a repeat is allowed, not an error
      assertThat(study.trials()).hasSize(28);
    }
  }

  @Test
  void sample_finiteSpace_modelProposalAvoidsAStartupTrialNotYetSuggested() {
    // The race of a parallel study, made deterministic with ask/tell: trial 3 is asked inside the
    // startup design (2 of 3 finished) and suggests its first parameter; trial 4, asked once 3 had
    // finished, gets its model-based proposal; only then trial 3 suggests its second parameter. It
    // stays in the startup design, whose draw is known in advance, so the proposal avoids it.
    List<Integer> depths = List.of(3, 6, 9);
    for (long seed = 0; seed < 40; seed++) {
      Study study = Study.builder().sampler(tpe(seed, true)).pruner(new NopPruner()).build();
      List<Trial> first = List.of(study.ask(), study.ask(), study.ask());
      for (Trial t : first) {
        t.suggestCategorical("depth", depths);
        t.suggestInt("trees", 5, 25, 10);
      }
      study.tell(first.get(0), (Integer) first.get(0).params().get("depth") / 9.0);
      study.tell(first.get(1), (Integer) first.get(1).params().get("depth") / 9.0);
      Trial late = study.ask();
      int lateDepth = late.suggestCategorical("depth", depths);
      study.tell(first.get(2), (Integer) first.get(2).params().get("depth") / 9.0);
      Trial model = study.ask();
      Map<String, Object> proposal = Map.of("depth", model.suggestCategorical("depth", depths),
          "trees", model.suggestInt("trees", 5, 25, 10));
      Map<String, Object> startup = Map.of("depth", lateDepth,
          "trees", late.suggestInt("trees", 5, 25, 10));
      assertThat(proposal).as("seed %d: trial 4 repeats trial 3's startup draw", seed)
          .isNotEqualTo(startup);
    }
  }

  @Test
  void sample_sameSeed_sameParamsPastStartup() {
    assertThat(params(run(tpe(9, true), MIXED, 30)))
        .isEqualTo(params(run(tpe(9, true), MIXED, 30)));
  }

  @Test
  void sample_differentSeed_differentParams() {
    assertThat(params(run(tpe(1, true), MIXED, 15)))
        .isNotEqualTo(params(run(tpe(2, true), MIXED, 15)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sample_conditionalParams_onlyTheBranchTakenAndInBounds(boolean multivariate) {
    Study study = Study.builder().sampler(tpe(3, multivariate)).pruner(new NopPruner()).build();
    study.optimize(t -> {
      String model = t.suggestCategorical("model", List.of("linear", "tree"));
      return model.equals("linear") ? Math.abs(Math.log10(t.suggestLogFloat("alpha", 1e-3, 1)))
          : Math.abs(t.suggestInt("depth", 1, 9) - 4);
    }, 40);
    assertThat(study.trials()).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      if (t.params().get("model").equals("linear")) {
        assertThat(t.params()).containsOnlyKeys("model", "alpha");
        assertThat((Double) t.params().get("alpha")).isBetween(1e-3, 1.0);
      } else {
        assertThat(t.params()).containsOnlyKeys("model", "depth");
        assertThat((Long) t.params().get("depth")).isBetween(1L, 9L);
      }
    });
    assertThat(study.bestValue()).isLessThan(0.05);
  }

  @Test
  void sample_nanObjective_failedTrialsIgnored() {
    Study study = Study.builder().sampler(tpe(5, true)).pruner(new NopPruner()).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", 0, 1);
      // Failed trials all sit near x = 1; were they counted, the best (x near 0) would not win.
      return t.number() % 2 == 0 ? Double.NaN : x;
    }, 40);
    assertThat(study.stateCounts()).containsEntry(TrialState.FAIL, 20)
        .containsEntry(TrialState.COMPLETE, 20);
    assertThat(study.bestValue()).isLessThan(0.1);
  }

  @Test
  void sample_prunedTrials_takePartInTheSplit() {
    // Only pruned trials carry information (reported x), and TPE must move towards small x.
    Study study = Study.builder().sampler(tpe(11, true)).pruner(new NopPruner()).build();
    List<Double> xs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Trial t = study.ask();
      double x = t.suggestFloat("x", 0, 10);
      xs.add(x);
      t.report(x, 1);
      study.tell(t.number(), TrialState.PRUNED, null);
    }
    double late = xs.subList(30, 40).stream().mapToDouble(Double::doubleValue).sorted()
        .toArray()[5];
    assertThat(late).isLessThan(2.5); // a uniform draw has median 5
  }

  @Test
  void batch_askedInARow_diverseAndNotRepeatingRunningTrials() {
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-5, 5))
        .add("y", FloatDistribution.uniform(-5, 5)).build();
    Study study = Study.builder().sampler(tpe(4, true)).build();
    for (int round = 0; round < 6; round++) {
      List<Trial> batch = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        batch.add(study.ask(space));
      }
      Set<List<Object>> points = new HashSet<>();
      for (Trial t : batch) {
        points.add(List.of(t.params().get("x"), t.params().get("y")));
      }
      assertThat(points).as("round %d", round).hasSize(8);
      double spread = batch.stream().mapToDouble(t -> (Double) t.params().get("x")).max()
          .getAsDouble() - batch.stream().mapToDouble(t -> (Double) t.params().get("x")).min()
          .getAsDouble();
      assertThat(spread).as("round %d", round).isGreaterThan(0.05);
      for (Trial t : batch) {
        double x = (Double) t.params().get("x");
        double y = (Double) t.params().get("y");
        study.tell(t, x * x + y * y);
      }
    }
  }

  @Test
  void batch_askedAheadOfEvaluation_liarSeesTheProposal() {
    // ask() without a space proposes at ask time but stores no parameters until they are
    // suggested: the second ask must still count the first as RUNNING (the liar on/off differ).
    double[] withLiar = askTwoAhead(true);
    double[] withoutLiar = askTwoAhead(false);
    assertThat(withLiar[0]).isEqualTo(withoutLiar[0]);
    assertThat(withLiar[1]).isNotEqualTo(withoutLiar[1]);
  }

  private static double[] askTwoAhead(boolean liar) {
    // recombination and early widening off: this is about the liar alone
    return askTwoAhead(TpeSampler.builder().seed(8).constantLiar(liar).liarWeight(1.0)
        .batchRecombination(false).batchEarlyWidening(false).build());
  }

  private static double[] askTwoAhead(TpeSampler sampler) {
    Study study = Study.builder().sampler(sampler).pruner(new NopPruner()).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", -5, 5);
      double y = t.suggestFloat("y", -5, 5);
      return x * x + y * y;
    }, 20);
    Trial first = study.ask();
    Trial second = study.ask();
    return new double[] {first.suggestFloat("x", -5, 5), second.suggestFloat("x", -5, 5)};
  }

  @Test
  void batch_liarWeight_changesOnlyProposalsMadeWhileTrialsRun() {
    // without recombination and early widening: with them, the candidates drawn here rank the
    // same either way
    double[] full = askTwoAhead(TpeSampler.builder().seed(8).liarWeight(1.0)
        .batchRecombination(false).batchEarlyWidening(false).build());
    double[] reduced = askTwoAhead(TpeSampler.builder().seed(8).liarWeight(0.3)
        .batchRecombination(false).batchEarlyWidening(false).build());
    assertThat(reduced[0]).isEqualTo(full[0]);
    assertThat(reduced[1]).isNotEqualTo(full[1]);
  }

  @Test
  void batch_recombination_changesOnlyProposalsMadeWhileTrialsRun() {
    double[] on = askTwoAhead(TpeSampler.builder().seed(8).build());
    double[] off = askTwoAhead(TpeSampler.builder().seed(8).batchRecombination(false).build());
    assertThat(on[0]).isEqualTo(off[0]);
    assertThat(on[1]).isNotEqualTo(off[1]);
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 8})
  void batch_sameSeed_sameBatches(int q) {
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-5, 5))
        .add("k", CategoricalDistribution.of("a", "b", "c")).build();
    assertThat(batches(space, 21, q)).isEqualTo(batches(space, 21, q));
  }

  @Test
  void batch_extrapolation_changesOnlyTheEighthAskOfABurst() {
    List<Double> on = askEightAhead(TpeSampler.builder().seed(8).build());
    List<Double> off = askEightAhead(TpeSampler.builder().seed(8).batchExtrapolation(false).build());
    assertThat(on.subList(0, 7)).isEqualTo(off.subList(0, 7));
    assertThat(on.get(7)).isNotEqualTo(off.get(7));
  }

  private static List<Double> askEightAhead(TpeSampler sampler) {
    Study study = Study.builder().sampler(sampler).pruner(new NopPruner()).build();
    study.optimize(t -> {
      double x = t.suggestFloat("x", -5, 5);
      double y = t.suggestFloat("y", -5, 5);
      return (x - 2) * (x - 2) + y * y;
    }, 20);
    List<Trial> ahead = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ahead.add(study.ask());
    }
    return ahead.stream().map(t -> t.suggestFloat("x", -5, 5)).toList();
  }

  @Test
  void async_extrapolation_neverUsed() {
    // each asynchronous ask follows a new result, so no burst reaches 8 asks
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-5, 5))
        .add("y", FloatDistribution.uniform(-5, 5)).build();
    assertThat(asyncRun(space, TpeSampler.builder().seed(5).build()))
        .isEqualTo(asyncRun(space, TpeSampler.builder().seed(5).batchExtrapolation(false).build()));
  }

  private static List<Map<String, Object>> batches(SearchSpace space, long seed, int q) {
    Study study = Study.builder().sampler(tpe(seed, true)).build();
    for (int round = 0; round < 4; round++) {
      List<Trial> batch = new ArrayList<>();
      for (int i = 0; i < q; i++) {
        batch.add(study.ask(space));
      }
      for (Trial t : batch) {
        study.tell(t, (Double) t.params().get("x") + ("b".equals(t.params().get("k")) ? 0 : 3));
      }
    }
    return params(study);
  }

  @Test
  void builder_invalidArguments_stateTheRule() {
    assertThatThrownBy(() -> TpeSampler.builder().nStartupTrials(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nStartupTrials must be >= 0, but got -1");
    assertThatThrownBy(() -> TpeSampler.builder().nEiCandidates(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nEiCandidates must be >= 1, but got 0");
    assertThatThrownBy(() -> TpeSampler.builder().priorWeight(-0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priorWeight must be >= 0 and finite, but got -0.5");
    assertThatThrownBy(() -> TpeSampler.builder().categoricalSmoothing(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("categoricalSmoothing must be >= 0 and finite, but got NaN");
    assertThatThrownBy(() -> TpeSampler.builder().gamma(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gamma must not be null, but got null");
    assertThatThrownBy(() -> TpeSampler.builder().liarWeight(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("liarWeight must be in [0, 1], but got 1.5");
    assertThatThrownBy(() -> TpeSampler.builder().belowBandwidthFactor(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("belowBandwidthFactor must be in (0, 1], but got 0.0");
  }

  @Test
  void async_eightInFlight_sameSeedSameProposalsAndNoRepeats() {
    // the Spark driver's loop: 8 trials in flight, each tell (oldest first) followed by one ask
    SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.uniform(-5, 5))
        .add("y", FloatDistribution.uniform(-5, 5)).build();
    List<Map<String, Object>> first = asyncRun(space, 5);
    assertThat(asyncRun(space, 5)).isEqualTo(first);
    assertThat(asyncRun(space, 6)).isNotEqualTo(first);
    for (int i = 8; i < first.size(); i++) { // no proposal repeats one of the 7 still in flight
      assertThat(first.subList(i - 7, i)).as("trial %d", i).doesNotContain(first.get(i));
    }
  }

  private static List<Map<String, Object>> asyncRun(SearchSpace space, long seed) {
    return asyncRun(space, tpe(seed, true));
  }

  private static List<Map<String, Object>> asyncRun(SearchSpace space, TpeSampler sampler) {
    Study study = Study.builder().sampler(sampler).build();
    java.util.ArrayDeque<Trial> inFlight = new java.util.ArrayDeque<>();
    for (int i = 0; i < 8; i++) {
      inFlight.add(study.ask(space));
    }
    for (int told = 0; told < 40; told++) {
      Trial t = inFlight.poll();
      double x = (Double) t.params().get("x");
      double y = (Double) t.params().get("y");
      study.tell(t, (x - 1) * (x - 1) + y * y);
      inFlight.add(study.ask(space));
    }
    return params(study);
  }

  @Test
  void builder_seed_isKept() {
    assertThat(TpeSampler.builder().seed(17).build().seed()).isEqualTo(17);
  }
}
