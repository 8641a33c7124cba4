package io.sparktune.space;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The range a parameter is drawn from.
 *
 * <p>Every value has an internal representation as a {@code double}: the value itself for floats and
 * ints, the index of the choice for categoricals. Samplers work on internal values; objectives see
 * external ones.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FloatDistribution.class, name = "float"),
  @JsonSubTypes.Type(value = IntDistribution.class, name = "int"),
  @JsonSubTypes.Type(value = CategoricalDistribution.class, name = "categorical")
})
public sealed interface Distribution extends java.io.Serializable
    permits FloatDistribution, IntDistribution, CategoricalDistribution {

  /** The external value for an internal one. */
  Object toExternal(double internal);

  /**
   * The internal value for an external one.
   *
   * @throws IllegalArgumentException if the value is not of this distribution
   */
  double toInternal(Object external);

  /** Whether the internal value lies in this distribution (bounds, step grid, choice index). */
  boolean contains(double internal);

  /** Whether exactly one value is possible. */
  boolean isSingle();
}
