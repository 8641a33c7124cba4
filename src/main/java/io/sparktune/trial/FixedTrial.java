package io.sparktune.trial;

import java.util.Map;
import java.util.SortedMap;

/**
 * A trial with fixed parameters, to run an objective outside a study (for example to retrain the
 * best parameters, or to test an objective). Reports are kept; it never prunes. The rules are
 * {@link BackedTrial}'s, over a {@link FixedBackend}.
 */
public final class FixedTrial extends BackedTrial {
  private final FixedBackend values;

  /** A fixed trial numbered 0. */
  public FixedTrial(Map<String, ?> params) {
    this(params, 0);
  }

  public FixedTrial(Map<String, ?> params, int number) {
    this(FixedBackend.of(params), number);
  }

  private FixedTrial(FixedBackend values, int number) {
    super(number, values);
    this.values = values;
  }

  /** The values reported so far, by step. */
  public SortedMap<Integer, Double> intermediateValues() {
    return values.intermediateValues();
  }

  /** The user attributes set so far. */
  public Map<String, Object> userAttrs() {
    return values.userAttrs();
  }
}
