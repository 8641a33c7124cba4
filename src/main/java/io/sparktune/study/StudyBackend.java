package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialBackend;
import java.util.Map;

/**
 * The study backend of a RUNNING trial's {@link BackedTrial}: values come from the enqueued fixed
 * parameters, else the sampler's relative proposal, else independent sampling; parameters,
 * reports and user attributes go to the study's storage; the study's pruner decides.
 */
final class StudyBackend implements TrialBackend {
  /** System attribute of an enqueued trial: its fixed parameter values. */
  static final String FIXED_PARAMS = "fixed_params";

  private final Study study;
  private final int trialId;
  private final Map<String, Object> fixedParams;
  private final SearchSpace relativeSpace;
  private final Map<String, Object> relativeParams;
  private final BackedTrial trial;

  @SuppressWarnings("unchecked")
  StudyBackend(Study study, FrozenTrial frozen, SearchSpace relativeSpace,
      Map<String, Object> relativeParams) {
    this.study = study;
    this.trialId = frozen.trialId();
    Object fixed = frozen.systemAttrs().get(FIXED_PARAMS);
    this.fixedParams = fixed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    this.relativeSpace = relativeSpace;
    this.relativeParams = relativeParams;
    this.trial = new BackedTrial(frozen.number(), this);
  }

  int trialId() {
    return trialId;
  }

  /** The trial the objective sees. */
  BackedTrial trial() {
    return trial;
  }

  @Override
  public Object propose(String name, Distribution d) {
    study.requireRunning(trialId, "suggest parameters");
    if (fixedParams.containsKey(name)) {
      Object value = fixedParams.get(name);
      require(d.contains(d.toInternal(value)),
          "enqueued value of '%s' must lie in %s, but got %s", name, d, value);
      return value;
    }
    if (relativeParams.containsKey(name) && d.equals(relativeSpace.params().get(name))) {
      return relativeParams.get(name);
    }
    if (d.isSingle()) {
      return d.toExternal(d instanceof CategoricalDistribution ? 0
          : d instanceof FloatDistribution f ? f.low() : ((IntDistribution) d).low());
    }
    return study.sampleIndependent(trialId, name, d);
  }

  @Override
  public void setParam(String name, Distribution d, Object value) {
    study.storage().setTrialParam(trialId, name, d, value);
  }

  @Override
  public boolean report(int step, double value) {
    study.requireRunning(trialId, "be reported to");
    return study.storage().reportIntermediate(trialId, step, value);
  }

  @Override
  public boolean shouldPrune() {
    return study.shouldPrune(trialId);
  }

  @Override
  public void setUserAttr(String key, Object value) {
    study.storage().setTrialUserAttr(trialId, key, value);
  }

  /** Names the proposer in the trial's error for a value outside its distribution. */
  @Override
  public String toString() {
    return "sampler " + study.sampler();
  }
}
