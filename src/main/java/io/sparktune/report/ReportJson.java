package io.sparktune.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The report model as JSON for the page's script: record components by name, enums by name, and
 * NaN or infinite numbers as {@code null} (JSON has no such numbers). The text is safe inside an
 * HTML {@code <script>} element: {@code </} is written as {@code <\/}.
 */
final class ReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(
      new SimpleModule().addSerializer(Double.class, new FiniteOrNull())
          .addSerializer(double.class, new FiniteOrNull()));

  private ReportJson() {}

  static String write(StudyReport report) {
    try {
      return MAPPER.writeValueAsString(report).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report must serialize to JSON, but got " + e, e);
    }
  }

  private static final class FiniteOrNull extends JsonSerializer<Double> {
    @Override
    public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
      if (v == null || !Double.isFinite(v)) {
        g.writeNull();
      } else {
        g.writeNumber(v);
      }
    }
  }
}
