package io.sparktune.report;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * The report model as JSON for the page's script: records as objects keyed by component name,
 * enums by name, other values as text, and NaN or infinite numbers as {@code null} (JSON has no
 * such numbers). The text is safe inside an HTML {@code <script>} element: {@code <} is written
 * as {@code \u003c}. Hand-written rather than Jackson because a cold Jackson mapper needs over a
 * second to introspect the records, a fifth of the report's time budget.
 */
final class ReportJson {
  private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> type) {
      return type.getRecordComponents();
    }
  };

  private ReportJson() {}

  static String write(Object model) {
    StringBuilder sb = new StringBuilder(1 << 16);
    value(sb, model);
    return sb.toString();
  }

  private static void value(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        sb.append(d);
      } else {
        sb.append("null");
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Enum<?> e) {
      string(sb, e.name());
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        value(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        sb.append(first ? "" : ",");
        first = false;
        value(sb, o);
      }
      sb.append(']');
    } else if (v instanceof Record r) {
      sb.append('{');
      boolean first = true;
      for (RecordComponent rc : COMPONENTS.get(r.getClass())) {
        sb.append(first ? "" : ",");
        first = false;
        string(sb, rc.getName());
        sb.append(':');
        try {
          value(sb, rc.getAccessor().invoke(r));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("record component " + rc.getName()
              + " must be readable, but got " + e, e);
        }
      }
      sb.append('}');
    } else {
      string(sb, String.valueOf(v));
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
