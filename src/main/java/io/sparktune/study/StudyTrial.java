package io.sparktune.study;

import static io.sparktune.util.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A RUNNING trial of a {@link Study}, as the objective sees it. */
final class StudyTrial implements Trial {
  /** System attribute of an enqueued trial: its fixed parameter values. */
  static final String FIXED_PARAMS = "fixed_params";

  private final Study study;
  private final int trialId;
  private final int number;
  private final Map<String, Object> fixedParams;
  private final SearchSpace relativeSpace;
  private final Map<String, Object> relativeParams;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Distribution> distributions = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  StudyTrial(Study study, FrozenTrial frozen, SearchSpace relativeSpace,
      Map<String, Object> relativeParams) {
    this.study = study;
    this.trialId = frozen.trialId();
    this.number = frozen.number();
    Object fixed = frozen.systemAttrs().get(FIXED_PARAMS);
    this.fixedParams = fixed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    this.relativeSpace = relativeSpace;
    this.relativeParams = relativeParams;
  }

  int trialId() {
    return trialId;
  }

  @Override
  public int number() {
    return number;
  }

  synchronized Object suggest(String name, Distribution d) {
    require(name != null && !name.isEmpty(), "name must not be empty, but got '%s'", name);
    require(d != null, "distribution of '%s' must not be null, but got null", name);
    Distribution before = distributions.get(name);
    if (before != null) {
      require(before.equals(d),
          "parameter '%s' was suggested with %s, but got %s", name, before, d);
      return params.get(name);
    }
    study.requireRunning(trialId, "suggest parameters");
    Object value;
    if (fixedParams.containsKey(name)) {
      value = fixedParams.get(name);
      require(d.contains(d.toInternal(value)),
          "enqueued value of '%s' must lie in %s, but got %s", name, d, value);
    } else if (relativeParams.containsKey(name) && d.equals(relativeSpace.params().get(name))) {
      value = relativeParams.get(name);
    } else if (d.isSingle()) {
      value = d.toExternal(d instanceof CategoricalDistribution ? 0
          : d instanceof FloatDistribution f ? f.low() : ((IntDistribution) d).low());
    } else {
      value = study.sampleIndependent(trialId, name, d);
    }
    double internal = d.toInternal(value);
    if (!d.contains(internal)) {
      throw new IllegalStateException(String.format(
          "sampler %s proposed %s for '%s', outside %s", study.sampler(), value, name, d));
    }
    Object external = d.toExternal(internal);
    study.storage().setTrialParam(trialId, name, d, external);
    params.put(name, external);
    distributions.put(name, d);
    return external;
  }

  @Override
  public double suggestFloat(String name, FloatDistribution distribution) {
    return (Double) suggest(name, distribution);
  }

  @Override
  public long suggestInt(String name, IntDistribution distribution) {
    return (Long) suggest(name, distribution);
  }

  @Override
  public Object suggestCategorical(String name, CategoricalDistribution distribution) {
    return suggest(name, distribution);
  }

  @Override
  public void report(double value, int step) {
    study.report(this, value, step);
  }

  @Override
  public boolean shouldPrune() {
    return study.shouldPrune(this);
  }

  @Override
  public void setUserAttr(String key, Object value) {
    require(key != null && !key.isEmpty(), "key must not be empty, but got '%s'", key);
    study.storage().setTrialUserAttr(trialId, key, value);
  }

  @Override
  public synchronized Map<String, Object> params() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** Whether this trial is still RUNNING in storage. */
  boolean isRunning() {
    return study.storage().trial(trialId).state() == TrialState.RUNNING;
  }

  @Override
  public String toString() {
    return "Trial " + number + " " + params();
  }
}
