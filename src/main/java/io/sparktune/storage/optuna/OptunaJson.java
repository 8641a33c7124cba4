package io.sparktune.storage.optuna;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON details of Optuna's journal: Python's {@code json} dialect (bare {@code NaN} and
 * {@code Infinity}), distributions as Optuna's {@code distribution_to_json} strings, and
 * datetimes as Python's {@code isoformat(timespec="microseconds")}.
 */
final class OptunaJson {
  /** Python's json module reads and writes NaN and Infinity as bare words; so does this. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Optuna's current distribution classes, then the deprecated ones it still reads. */
  static final List<String> DISTRIBUTIONS = List.of("FloatDistribution", "IntDistribution",
      "CategoricalDistribution", "UniformDistribution", "LogUniformDistribution",
      "DiscreteUniformDistribution", "IntUniformDistribution", "IntLogUniformDistribution");

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS", Locale.ROOT);

  private OptunaJson() {}

  /** A distribution as {@code distribution_to_json} writes it: a JSON text inside the log line. */
  static String distributionToJson(Distribution d) {
    ObjectNode attrs = MAPPER.createObjectNode();
    String name;
    if (d instanceof FloatDistribution f) {
      name = "FloatDistribution";
      if (f.step() == null) {
        attrs.putNull("step");
      } else {
        attrs.put("step", f.step());
      }
      attrs.put("low", f.low()).put("high", f.high()).put("log", f.log());
    } else if (d instanceof IntDistribution i) {
      name = "IntDistribution";
      attrs.put("log", i.log()).put("step", i.step()).put("low", i.low()).put("high", i.high());
    } else {
      name = "CategoricalDistribution";
      attrs.set("choices", MAPPER.valueToTree(((CategoricalDistribution) d).choices()));
    }
    ObjectNode json = MAPPER.createObjectNode().put("name", name);
    json.set("attributes", attrs);
    return json.toString();
  }

  /**
   * A distribution from {@code json_to_distribution}'s input: {@code {"name": ..., "attributes":
   * ...}} with any class Optuna 3.1 or later reads, or the abbreviated {@code {"type": ...}}.
   *
   * @throws IllegalArgumentException naming what is wrong (the caller adds the line)
   */
  static Distribution distributionFromJson(String param, JsonNode text) {
    String field = "distribution of '" + param + "'";
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException(field + " must be a JSON text, but got "
          + (text == null ? "none" : text));
    }
    JsonNode d;
    try {
      d = MAPPER.readTree(text.textValue());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(field + " must be JSON, but got '" + text.textValue()
          + "'");
    }
    try {
      if (d.has("name")) {
        return named(d.path("name").asText(), d.path("attributes"), field);
      }
      return abbreviated(d, field);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(field)) {
        throw e;
      }
      throw new IllegalArgumentException(field + " must be a valid distribution, but got "
          + d + " (" + e.getMessage() + ")");
    }
  }

  private static Distribution named(String name, JsonNode a, String field) {
    return switch (name) {
      case "FloatDistribution" -> new FloatDistribution(num(a, "low"), num(a, "high"),
          a.path("log").asBoolean(false), a.path("step").isNumber() ? num(a, "step") : null);
      case "UniformDistribution" -> FloatDistribution.uniform(num(a, "low"), num(a, "high"));
      case "LogUniformDistribution" -> FloatDistribution.logUniform(num(a, "low"),
          num(a, "high"));
      case "DiscreteUniformDistribution" -> FloatDistribution.stepped(num(a, "low"),
          num(a, "high"), num(a, "q"));
      case "IntDistribution" -> new IntDistribution(lng(a, "low"), lng(a, "high"),
          a.path("log").asBoolean(false), a.has("step") ? lng(a, "step") : 1);
      case "IntUniformDistribution" -> IntDistribution.stepped(lng(a, "low"), lng(a, "high"),
          a.has("step") ? lng(a, "step") : 1);
      case "IntLogUniformDistribution" -> IntDistribution.logUniform(lng(a, "low"),
          lng(a, "high"));
      case "CategoricalDistribution" -> categorical(a.path("choices"), field);
      default -> throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be one of %s, but got '%s'", field, DISTRIBUTIONS, name));
    };
  }

  private static Distribution abbreviated(JsonNode d, String field) {
    String type = d.path("type").asText();
    return switch (type) {
      case "float" -> new FloatDistribution(num(d, "low"), num(d, "high"),
          d.path("log").asBoolean(false), d.path("step").isNumber() ? num(d, "step") : null);
      case "int" -> new IntDistribution(lng(d, "low"), lng(d, "high"),
          d.path("log").asBoolean(false), d.path("step").isNumber() ? lng(d, "step") : 1);
      case "categorical" -> categorical(d.path("choices"), field);
      default -> throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must have a name in %s or a type in [float, int, categorical], but got %s", field,
          DISTRIBUTIONS, d));
    };
  }

  private static Distribution categorical(JsonNode choices, String field) {
    if (!choices.isArray()) {
      throw new IllegalArgumentException(field + " must list its choices, but got " + choices);
    }
    List<Object> out = new ArrayList<>();
    choices.forEach(c -> out.add(value(c)));
    return new CategoricalDistribution(out);
  }

  private static double num(JsonNode a, String key) {
    JsonNode n = a.get(key);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number, but got "
          + (n == null ? "none" : n));
    }
    return n.doubleValue();
  }

  private static long lng(JsonNode a, String key) {
    double v = num(a, key);
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(key + " must be an integer, but got " + v);
    }
    return (long) v;
  }

  /** A JSON value as a plain Java value: maps, lists, strings, numbers, booleans, null. */
  static Object value(JsonNode n) {
    return n == null || n.isNull() ? null : MAPPER.convertValue(n, Object.class);
  }

  /**
   * A datetime as Optuna 3.1 writes it: local time in {@code zone} with microseconds and no
   * offset ({@code datetime.now().isoformat(timespec="microseconds")}).
   */
  static String datetime(Instant t, ZoneId zone) {
    return LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), zone).format(MICROS);
  }

  /**
   * A datetime Python's {@code datetime.fromisoformat} reads: with an offset (Optuna 4 and later
   * write UTC, {@code +00:00}) it is that instant; without one (Optuna 3.1 writes local time) it
   * is local time in {@code zone}.
   */
  static Instant parseDatetime(String text, ZoneId zone) {
    String s = text.length() > 10 && text.charAt(10) == ' '
        ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone)
            .toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("must be an ISO-8601 datetime, but got '" + text
            + "'");
      }
    }
  }
}
