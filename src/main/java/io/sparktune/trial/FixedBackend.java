package io.sparktune.trial;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.Distribution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SPI, not for objectives: the backend of a {@link BackedTrial} whose values come from a map. It
 * keeps the reports and user attributes (to read back, or to ship from a task to the driver) and
 * never prunes. {@link #of} is a {@link FixedTrial}'s; {@link #declared} is a Spark task's, where
 * the map holds the study's declared parameters and an undeclared name is an error naming them.
 */
public final class FixedBackend implements TrialBackend {
  private final Map<String, Object> values;
  /** The error for a name without a value: a format of the name and the names with one. */
  private final String missing;
  private final SortedMap<Integer, Double> reports = new TreeMap<>();
  private final Map<String, Object> userAttrs = new LinkedHashMap<>();

  private FixedBackend(Map<String, ?> values, String missing) {
    require(values != null, "params must not be null, but got null");
    this.values = new LinkedHashMap<>(values);
    this.missing = missing;
  }

  /** Fixed values by name; a name without one is an error. */
  public static FixedBackend of(Map<String, ?> values) {
    return new FixedBackend(values, "parameter '%s' must have a fixed value, but got none;"
        + " fixed: %s");
  }

  /** The values the driver chose for the study's declared parameters. */
  public static FixedBackend declared(Map<String, ?> values) {
    return new FixedBackend(values, "parameter '%s' must be declared in the study's space to"
        + " run on an executor, but got an undeclared one; declared: %s");
  }

  @Override
  public Object propose(String name, Distribution distribution) {
    require(values.containsKey(name), missing, name, values.keySet());
    Object v = values.get(name);
    require(distribution.contains(distribution.toInternal(v)),
        "fixed value of '%s' must lie in %s, but got %s", name, distribution, v);
    return v;
  }

  @Override
  public synchronized boolean report(int step, double value) {
    return reports.putIfAbsent(step, value) == null;
  }

  @Override
  public boolean shouldPrune() {
    return false;
  }

  @Override
  public synchronized void setUserAttr(String key, Object value) {
    userAttrs.put(key, value);
  }

  /** The values reported so far, by step. */
  public synchronized SortedMap<Integer, Double> intermediateValues() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(reports));
  }

  /** The user attributes set so far. */
  public synchronized Map<String, Object> userAttrs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
  }
}
