package io.sparktune.trial;

import io.sparktune.space.Distribution;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of a trial.
 *
 * @param trialId the storage-wide id
 * @param number the trial's number within its study, from 0
 * @param state the state
 * @param value the objective value (COMPLETE) or the last intermediate value (PRUNED), else null
 * @param params external parameter values in suggestion order
 * @param distributions the distribution of each parameter
 * @param intermediateValues reported values by step
 * @param userAttrs user attributes
 * @param systemAttrs attributes owned by samplers, pruners and executors
 * @param datetimeStart when the trial started running, or null while WAITING
 * @param datetimeComplete when it finished, or null
 */
public record FrozenTrial(
    int trialId,
    int number,
    TrialState state,
    Double value,
    Map<String, Object> params,
    Map<String, Distribution> distributions,
    SortedMap<Integer, Double> intermediateValues,
    Map<String, Object> userAttrs,
    Map<String, Object> systemAttrs,
    Instant datetimeStart,
    Instant datetimeComplete) {

  public FrozenTrial {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
    userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
    systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
  }

  /** The internal (sampler) value of a parameter. */
  public double internalParam(String name) {
    return distributions.get(name).toInternal(params.get(name));
  }

  /** The last step reported, if any. */
  public OptionalInt lastStep() {
    return intermediateValues.isEmpty()
        ? OptionalInt.empty() : OptionalInt.of(intermediateValues.lastKey());
  }

  /** Wall time from start to completion, if finished. */
  public Optional<Duration> duration() {
    return datetimeStart == null || datetimeComplete == null
        ? Optional.empty() : Optional.of(Duration.between(datetimeStart, datetimeComplete));
  }
}
