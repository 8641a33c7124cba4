package io.sparktune.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.pruner.asha.PromotionQuota;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A mapping of a config file (Jackson tree) with typed readers that name the dotted field in every
 * error ({@code workload.folds must be >= 2, but got 1}). A workload reads its keys of the {@code
 * workload:} section with it; every error is a {@link BadInputException}.
 */
public final class ConfigNode {
  private final JsonNode node;
  private final String path;

  /**
   * @param node a mapping (null or a JSON null: an empty one)
   * @param path its dotted path in the config ({@code workload}), empty for the root
   */
  public ConfigNode(JsonNode node, String path) {
    this.node = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    this.path = path;
  }

  /** The mapping itself. */
  public JsonNode json() {
    return node;
  }

  /** The field name of {@code key} as messages show it ({@code workload.folds}). */
  public String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether {@code key} is given (and not null). */
  public boolean has(String key) {
    return node.hasNonNull(key);
  }

  /** This mapping without {@code keys}. */
  public ConfigNode without(String... keys) {
    ObjectNode copy = node.deepCopy();
    copy.remove(List.of(keys));
    return new ConfigNode(copy, path);
  }

  /** Fails on any key outside {@code allowed}. */
  public void onlyKnown(Collection<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error("%s must be one of the fields %s, but got '%s'",
            path.isEmpty() ? "config" : path, new ArrayList<>(allowed), name);
      }
    }
  }

  /** The value of {@code key}, or null if it is absent or null. */
  private JsonNode given(String key) {
    JsonNode n = node.get(key);
    return n == null || n.isNull() ? null : n;
  }

  /** A string (numbers and booleans as written), or {@code dflt}. */
  public String text(String key, String dflt) {
    return read(key, dflt, n -> n.isTextual() || n.isNumber() || n.isBoolean(), "a string",
        JsonNode::asText);
  }

  /** The value of {@code key} if {@code ok}, {@code dflt} if absent, else an error. */
  private <T> T read(String key, T dflt, Predicate<JsonNode> ok, String what,
      Function<JsonNode, T> value) {
    JsonNode n = given(key);
    if (n == null) {
      return dflt;
    }
    if (!ok.test(n)) {
      throw error("%s must be %s, but got %s", field(key), what, show(n));
    }
    return value.apply(n);
  }

  /** One of {@code allowed} (case-insensitive, returned in lower case), or {@code dflt}. */
  public String choice(String key, List<String> allowed, String dflt) {
    return choice(text(key, dflt), field(key), allowed);
  }

  /** {@code value} checked against {@code allowed}, named {@code field} in the error. */
  public static String choice(String value, String field, List<String> allowed) {
    if (value == null) {
      throw error("%s must be one of %s, but got none", field, allowed);
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw error("%s must be one of %s, but got '%s'", field, allowed, value);
    }
    return lower;
  }

  /** An integer, or {@code dflt} (may be null). */
  public Long integer(String key, Long dflt) {
    return read(key, dflt, n -> n.isIntegralNumber()
        || n.isNumber() && n.asDouble() == Math.rint(n.asDouble()), "an integer", JsonNode::asLong);
  }

  /** An integer of at least {@code min}, or {@code dflt}. */
  public int integer(String key, long dflt, long min) {
    return (int) atLeast(integer(key, dflt), min, field(key));
  }

  /** A number, or {@code dflt} (may be null). */
  public Double number(String key, Double dflt) {
    return read(key, dflt, JsonNode::isNumber, "a number", JsonNode::asDouble);
  }

  /** A number in (0, 1), or {@code dflt}. */
  public double fraction(String key, double dflt) {
    double v = number(key, dflt);
    if (!(v > 0 && v < 1)) {
      throw error("%s must be in (0, 1), but got %s", field(key), v);
    }
    return v;
  }

  /** An ASHA promotion quota by name ({@link PromotionQuota#parse}), or {@code dflt}. */
  public PromotionQuota promotionQuota(String key, String dflt) {
    try {
      return PromotionQuota.parse(field(key), text(key, dflt));
    } catch (IllegalArgumentException e) {
      throw error("%s", e.getMessage());
    }
  }

  /** A boolean, or {@code dflt}. */
  public boolean bool(String key, boolean dflt) {
    return read(key, dflt, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
  }

  /** {@code v}, checked to be given and at least {@code min}. */
  public static long atLeast(Long v, long min, String field) {
    if (v == null) {
      throw error("%s must be given, but got none", field);
    }
    if (v < min) {
      throw error("%s must be >= %d, but got %d", field, min, v);
    }
    return v;
  }

  /** A {@link BadInputException} with the message formatted in {@link Locale#ROOT}. */
  public static BadInputException error(String format, Object... args) {
    return new BadInputException(String.format(Locale.ROOT, format, args));
  }

  /** A config value as messages show it: {@code 'text'}, {@code 3}, {@code none}. */
  public static String show(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "none";
    }
    if (n.isNull()) {
      return "null";
    }
    return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
  }
}
