package io.sparktune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.workload.ConfigNode;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed values out of a config tree, naming the dotted field path in every error
 * ({@code <field> must <rule>, but got <value>}); the readers are {@link ConfigNode}'s, which
 * workloads use for their section.
 */
final class Fields {
  private Fields() {}

  static ConfigException error(String format, Object... args) {
    return new ConfigException(String.format(Locale.ROOT, format, args));
  }

  static String show(JsonNode n) {
    return ConfigNode.show(n);
  }

  /** {@code parent} as a node whose field {@code key} is named {@code path}. */
  private static ConfigNode at(JsonNode parent, String key, String path) {
    return new ConfigNode(parent, path.length() > key.length()
        ? path.substring(0, path.length() - key.length() - 1) : "");
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
    new ConfigNode(node, path).onlyKnown(allowed);
  }

  static String text(JsonNode parent, String key, String path, String dflt) {
    return at(parent, key, path).text(key, dflt);
  }

  static String choice(JsonNode parent, String key, String path, List<String> allowed,
      String dflt) {
    return at(parent, key, path).choice(key, allowed, dflt);
  }

  static String choice(String v, String path, List<String> allowed) {
    return ConfigNode.choice(v, path, allowed);
  }

  static Long integer(JsonNode parent, String key, String path, Long dflt) {
    return at(parent, key, path).integer(key, dflt);
  }

  static Double number(JsonNode parent, String key, String path, Double dflt) {
    return at(parent, key, path).number(key, dflt);
  }

  static boolean bool(JsonNode parent, String key, String path, boolean dflt) {
    return at(parent, key, path).bool(key, dflt);
  }

  static long atLeast(Long v, long min, String path) {
    return ConfigNode.atLeast(v, min, path);
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
