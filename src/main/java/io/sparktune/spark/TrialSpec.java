package io.sparktune.spark;

import io.sparktune.space.Distribution;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an executor needs to run one trial: its number and the parameters the driver's sampler
 * chose (external values with their distributions).
 *
 * @param study the study's name (for logs)
 * @param number the trial number
 * @param params parameter values by name
 * @param distributions each parameter's distribution
 */
record TrialSpec(String study, int number, Map<String, Object> params,
    Map<String, Distribution> distributions) implements Serializable {
  public TrialSpec {
    params = new LinkedHashMap<>(params);
    distributions = new LinkedHashMap<>(distributions);
  }
}
