package io.sparktune.workload;

import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.study.Objective;
import io.sparktune.trial.FrozenTrial;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload ready to run ({@link Workload#prepare}): its objective, and optionally a resumable
 * objective (ASHA), a baseline, a test score and its own summary keys and console notes.
 */
public interface Prepared {

  /** The objective trials evaluate (in a Spark task when the workload runs as tasks). */
  Objective objective();

  /** The objective ASHA pauses and resumes ({@code study.pruner: asha}), or null. */
  default ResumableObjective resumable() {
    return null;
  }

  /** The parameters to compare the best against (e.g. the model's defaults), or empty. */
  default Optional<Map<String, Object>> baseline() {
    return Optional.empty();
  }

  /**
   * How {@link #score} trains, for the console ({@code refit on the training split}), or null if
   * the workload has no test data (then score is never called).
   */
  default String refit() {
    return null;
  }

  /** Trains {@code params} as {@link #refit()} says and scores them on the test data. */
  default Score score(Map<String, Object> params) throws Exception {
    throw new UnsupportedOperationException("the workload has no test data");
  }

  /**
   * Saves the model {@link #score} trained for the best parameters to {@code uri} ({@code
   * <output>/best-model}, a URI on any Hadoop FileSystem) with the model's own writer, replacing
   * an older one; called after {@link #score}. Returns what was saved, for the console ({@code
   * PipelineModel of VectorAssembler, GBTClassificationModel}), or null (the default) if the
   * workload keeps no model.
   */
  default String saveModel(String uri) throws Exception {
    return null;
  }

  /** What a trial's value is, for the console ({@code CV accuracy}). */
  default String valueName() {
    return "value";
  }

  /** The test score's metric, summary.json's {@code testMetric} ({@code accuracy}). */
  default String testMetric() {
    return "score";
  }

  /** Adds the workload's own keys to summary.json (the shared ones are already in). */
  default void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {}

  /** Notes for the console ("Note: ...") and summary.json's {@code notes}. */
  default List<String> notes(List<FrozenTrial> trials) {
    return List.of();
  }

  /**
   * A test score.
   *
   * @param test on the test data
   * @param validation on the validation data, or NaN if not measured
   */
  record Score(double test, double validation) {
    /** A test score without a validation score. */
    public static Score test(double test) {
      return new Score(test, Double.NaN);
    }
  }
}
