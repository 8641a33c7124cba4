package io.sparktune.space;

import static io.sparktune.internal.Checks.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A choice among strings, numbers, booleans (or {@code null}); the internal value is the index.
 *
 * @param choices the choices, at least one, no duplicates
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

  public CategoricalDistribution {
    require(choices != null && !choices.isEmpty(), "choices must not be empty, but got %s", choices);
    for (Object c : choices) {
      require(c == null || c instanceof String || c instanceof Number || c instanceof Boolean,
          "choices must be strings, numbers, booleans or null, but got %s (%s)", c,
          c == null ? "null" : c.getClass().getSimpleName());
    }
    require(new HashSet<>(choices).size() == choices.size(),
        "choices must be distinct, but got %s", choices);
    choices = Collections.unmodifiableList(new ArrayList<>(choices)); // List.copyOf rejects null
  }

  /** The distribution over the given choices. */
  public static CategoricalDistribution of(Object... choices) {
    return new CategoricalDistribution(java.util.Arrays.asList(choices));
  }

  @Override
  public Object toExternal(double internal) {
    return choices.get((int) internal);
  }

  @Override
  public double toInternal(Object external) {
    for (int i = 0; i < choices.size(); i++) {
      if (sameChoice(choices.get(i), external)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "value must be one of " + choices + ", but got " + external);
  }

  private static boolean sameChoice(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  @Override
  public boolean contains(double v) {
    return v == Math.rint(v) && v >= 0 && v < choices.size();
  }

  @Override
  public boolean isSingle() {
    return choices.size() == 1;
  }
}
