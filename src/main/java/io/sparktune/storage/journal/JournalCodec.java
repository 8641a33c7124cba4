package io.sparktune.storage.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Encodes and decodes journal lines: {@code {"v":<version>,"type":...}} with Jackson. */
final class JournalCodec {
  /** The format version this code writes. */
  static final int VERSION = 1;

  private static final String V1_PREFIX = "{\"v\":" + VERSION + ",";
  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter WRITER = MAPPER.writerFor(JournalEntry.class);
  private static final ObjectReader READER = MAPPER.readerFor(JournalEntry.class);

  private JournalCodec() {}

  private static ObjectMapper mapper() {
    SimpleModule instants = new SimpleModule("instants");
    instants.addSerializer(Instant.class, new JsonSerializer<Instant>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    instants.addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        try {
          return Instant.parse(p.getValueAsString());
        } catch (DateTimeParseException | NullPointerException e) {
          throw ctxt.weirdStringException(p.getText(), Instant.class, "not an ISO-8601 instant");
        }
      }
    });
    // is-getters off: Distribution.isSingle() is derived, not part of the format.
    return JsonMapper.builder()
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .addModule(instants)
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
            JsonInclude.Include.USE_DEFAULTS))
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  /** One line (without {@code '\n'}) for the entry, with {@code v} first. */
  static String encode(JournalEntry entry) {
    try {
      String json = WRITER.writeValueAsString(entry);
      return "{\"v\":" + VERSION + "," + json.substring(1);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "journal entry must be serializable as JSON, but got " + entry + ": "
              + e.getOriginalMessage(), e);
    }
  }

  /** Why a line could not be decoded. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean wrongVersion;

    BadLine(String message, boolean wrongVersion) {
      super(message, null, false, false);
      this.wrongVersion = wrongVersion;
    }
  }

  /**
   * Decodes one line.
   *
   * @throws BadLine if it is not a JSON object, has no supported {@code v}, or is no entry
   */
  static JournalEntry decode(String line) throws BadLine {
    if (line.startsWith(V1_PREFIX)) {
      try {
        return READER.readValue(line); // the form this codec writes: one parse
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // fall through: the slow path gives the precise message
      }
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadLine("must be a JSON journal entry, but got '" + abbreviate(line) + "' ("
          + e.getOriginalMessage() + ")", false);
    }
    if (!(node instanceof ObjectNode obj)) {
      throw new BadLine("must be a JSON journal entry, but got '" + abbreviate(line) + "'", false);
    }
    JsonNode v = obj.remove("v");
    if (v == null || !v.isInt() || v.intValue() != VERSION) {
      throw new BadLine("must have v in [" + VERSION + "], but got v="
          + (v == null ? "(missing)" : v.toString())
          + "; it was written by another sparktune version", true);
    }
    try {
      return READER.treeToValue(obj, JournalEntry.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new BadLine("must be a JSON journal entry, but got '" + abbreviate(line) + "' ("
          + why + ")", false);
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
