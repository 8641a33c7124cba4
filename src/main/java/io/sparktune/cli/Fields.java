package io.sparktune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed values out of a config tree, naming the dotted field path in every error
 * ({@code <field> must <rule>, but got <value>}).
 */
final class Fields {
  private Fields() {}

  static ConfigException error(String format, Object... args) {
    return new ConfigException(String.format(Locale.ROOT, format, args));
  }

  static String show(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "none";
    }
    if (n.isNull()) {
      return "null";
    }
    return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
  }

  static JsonNode object(JsonNode parent, String key, String path, boolean required) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      if (required) {
        throw error("%s must be given, but got none", path);
      }
      return null;
    }
    if (!n.isObject()) {
      throw error("%s must be a mapping, but got %s", path, show(n));
    }
    return n;
  }

  static void onlyKnown(JsonNode node, String path, java.util.Collection<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error("%s must be one of the fields %s, but got '%s'",
            path.isEmpty() ? "config" : path, new ArrayList<>(allowed), name);
      }
    }
  }

  static String text(JsonNode parent, String key, String path, String dflt) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isTextual() && !n.isNumber() && !n.isBoolean()) {
      throw error("%s must be a string, but got %s", path, show(n));
    }
    return n.asText();
  }

  static String choice(JsonNode parent, String key, String path, List<String> allowed,
      String dflt) {
    String v = text(parent, key, path, dflt);
    return choice(v, path, allowed);
  }

  static String choice(String v, String path, List<String> allowed) {
    if (v == null) {
      throw error("%s must be one of %s, but got none", path, allowed);
    }
    String lower = v.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw error("%s must be one of %s, but got '%s'", path, allowed, v);
    }
    return lower;
  }

  static Long integer(JsonNode parent, String key, String path, Long dflt) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
      throw error("%s must be an integer, but got %s", path, show(n));
    }
    return n.asLong();
  }

  static Double number(JsonNode parent, String key, String path, Double dflt) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isNumber()) {
      throw error("%s must be a number, but got %s", path, show(n));
    }
    return n.asDouble();
  }

  static boolean bool(JsonNode parent, String key, String path, boolean dflt) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw error("%s must be true or false, but got %s", path, show(n));
    }
    return n.asBoolean();
  }

  static long atLeast(Long v, long min, String path) {
    if (v == null) {
      throw error("%s must be given, but got none", path);
    }
    if (v < min) {
      throw error("%s must be >= %d, but got %d", path, min, v);
    }
    return v;
  }

  /** A scalar config value as a Java object: String, Long, Double or Boolean. */
  static Object scalar(JsonNode n, String path) {
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isNull()) {
      return null;
    }
    throw error("%s must be a string, number or boolean, but got %s", path, show(n));
  }
}
