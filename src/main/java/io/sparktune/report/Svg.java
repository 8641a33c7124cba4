package io.sparktune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal SVG writer: shapes and text in pixel coordinates, and axes that map data. */
final class Svg {
  static final String FONT = "font-family=\"Helvetica,Arial,sans-serif\"";
  private final StringBuilder sb = new StringBuilder();
  final int width;
  final int height;

  Svg(int width, int height, String title) {
    this.width = width;
    this.height = height;
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", width, height, width, height));
    sb.append("<title>").append(esc(title)).append("</title>\n");
    rect(0, 0, width, height, "#ffffff", 1);
    text(width / 2.0, 20, title, "middle", 14, 0);
  }

  /** {@code v} rounded to two decimals, without trailing zeros (fast: no Formatter). */
  static String n(double v) {
    if (!Double.isFinite(v) || Math.abs(v) >= 1e12) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    long c = Math.round(v * 100);
    StringBuilder sb = new StringBuilder(12);
    if (c < 0) {
      sb.append('-');
      c = -c;
    }
    sb.append(c / 100);
    long frac = c % 100;
    if (frac != 0) {
      sb.append('.').append(frac / 10);
      if (frac % 10 != 0) {
        sb.append(frac % 10);
      }
    }
    return sb.toString();
  }

  /**
   * {@code s} as XML/HTML text or attribute value: markup characters escaped, and characters XML
   * does not allow (control characters, lone surrogates) replaced by U+FFFD, so a study string
   * can never become markup nor make an SVG file unreadable.
   */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
          if (pair) {
            sb.append(c).append(s.charAt(++i));
          } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r'
              || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double w, String dash) {
    sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"")
        .append(n(x2)).append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke)
        .append("\" stroke-width=\"").append(n(w)).append('"');
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    sb.append("/>\n");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, double opacity) {
    sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"")
        .append(n(Math.max(0, w))).append("\" height=\"").append(n(Math.max(0, h)))
        .append("\" fill=\"").append(fill).append('"');
    if (opacity < 1) {
      sb.append(" fill-opacity=\"").append(n(opacity)).append('"');
    }
    sb.append("/>\n");
    return this;
  }

  Svg circle(double cx, double cy, double r, String fill, double opacity) {
    sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"")
        .append(n(r)).append("\" fill=\"").append(fill).append('"');
    if (opacity < 1) {
      sb.append(" fill-opacity=\"").append(n(opacity)).append('"');
    }
    sb.append("/>\n");
    return this;
  }

  Svg polyline(List<double[]> pts, String stroke, double w, double opacity, String dash) {
    if (pts.isEmpty()) {
      return this;
    }
    sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"")
        .append(n(w)).append('"');
    if (opacity < 1) {
      sb.append(" stroke-opacity=\"").append(n(opacity)).append('"');
    }
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    sb.append(" points=\"");
    for (double[] p : pts) {
      sb.append(n(p[0])).append(',').append(n(p[1])).append(' ');
    }
    sb.append("\"/>\n");
    return this;
  }

  Svg text(double x, double y, String s, String anchor, int size, double rotate) {
    sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" ")
        .append(FONT).append(" font-size=\"").append(size).append("\" text-anchor=\"")
        .append(anchor).append('"');
    if (rotate != 0) {
      sb.append(" transform=\"rotate(").append(n(rotate)).append(' ').append(n(x)).append(' ')
          .append(n(y)).append(")\"");
    }
    sb.append(">").append(esc(s)).append("</text>\n");
    return this;
  }

  String finish() {
    return sb + "</svg>\n";
  }

  /** A data axis mapped onto the pixel range {@code [p0, p1]}. */
  static final class Axis {
    final ParamAxis.Scale scale;
    final List<String> categories;
    final double lo;
    final double hi;
    final double p0;
    final double p1;

    /** {@code lo}/{@code hi} in data coordinates (positive on log axes). */
    Axis(ParamAxis.Scale scale, List<String> categories, double lo, double hi, double p0,
        double p1) {
      this.scale = scale;
      this.categories = categories;
      double a = scale == ParamAxis.Scale.LOG ? Math.log10(lo) : lo;
      double b = scale == ParamAxis.Scale.LOG ? Math.log10(hi) : hi;
      if (scale == ParamAxis.Scale.CATEGORICAL) {
        a = -0.5;
        b = categories.size() - 0.5;
      } else if (!(b > a)) {
        a -= 0.5;
        b += 0.5;
      } else if (scale == ParamAxis.Scale.LINEAR) {
        double pad = (b - a) * 0.04;
        a -= pad;
        b += pad;
      }
      this.lo = a;
      this.hi = b;
      this.p0 = p0;
      this.p1 = p1;
    }

    private Axis(Axis a, double lo, double hi) {
      this.scale = a.scale;
      this.categories = a.categories;
      this.lo = lo;
      this.hi = hi;
      this.p0 = a.p0;
      this.p1 = a.p1;
    }

    /** This axis without the 4% padding of linear axes: exactly the given range. */
    Axis unpadded() {
      if (scale != ParamAxis.Scale.LINEAR) {
        return this;
      }
      double pad = (hi - lo) / 1.08 * 0.04;
      return new Axis(this, lo + pad, hi - pad);
    }

    static Axis linear(double lo, double hi, double p0, double p1) {
      return new Axis(ParamAxis.Scale.LINEAR, List.of(), lo, hi, p0, p1);
    }

    static Axis of(ParamAxis a, double p0, double p1) {
      return new Axis(a.scale(), a.categories(), a.min(), a.max(), p0, p1);
    }

    double px(double v) {
      double x = scale == ParamAxis.Scale.LOG ? Math.log10(v) : v;
      return p0 + (x - lo) / (hi - lo) * (p1 - p0);
    }

    /** Tick positions in data coordinates. */
    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (scale == ParamAxis.Scale.CATEGORICAL) {
        for (int i = 0; i < categories.size(); i++) {
          t.add((double) i);
        }
        return t;
      }
      if (scale == ParamAxis.Scale.LOG && hi - lo >= 1) {
        for (double e = Math.ceil(lo); e <= hi; e++) {
          t.add(Math.pow(10, e));
        }
        return t;
      }
      double a = scale == ParamAxis.Scale.LOG ? Math.pow(10, lo) : lo;
      double b = scale == ParamAxis.Scale.LOG ? Math.pow(10, hi) : hi;
      double raw = (b - a) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag
          : 10 * mag;
      for (double v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }

    String label(double v) {
      if (scale == ParamAxis.Scale.CATEGORICAL) {
        return categories.get((int) Math.round(v));
      }
      return num(v);
    }
  }

  /** A short number: 4 significant digits, exponent form when very small or large. */
  static String num(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** Draws the frame, ticks, grid lines and labels of a plot area. */
  Svg axes(Axis x, Axis y, String xName, String yName) {
    double left = Math.min(x.p0, x.p1);
    double right = Math.max(x.p0, x.p1);
    double top = Math.min(y.p0, y.p1);
    double bottom = Math.max(y.p0, y.p1);
    for (double t : y.ticks()) {
      double py = y.px(t);
      line(left, py, right, py, "#e6e6e6", 1, null);
      text(left - 6, py + 4, y.label(t), "end", 11, 0);
    }
    for (double t : x.ticks()) {
      double px = x.px(t);
      line(px, bottom, px, bottom + 4, "#666", 1, null);
      text(px, bottom + 16, x.label(t), "middle", 11, 0);
    }
    line(left, bottom, right, bottom, "#666", 1, null);
    line(left, top, left, bottom, "#666", 1, null);
    text((left + right) / 2, bottom + 34, xName, "middle", 12, 0);
    text(left - 52, (top + bottom) / 2, yName, "middle", 12, -90);
    return this;
  }

  private static final int[][] PALETTE = {{0x31, 0x36, 0x95}, {0x45, 0x75, 0xb4},
      {0x74, 0xad, 0xd1}, {0xab, 0xd9, 0xe9}, {0xfe, 0xe0, 0x90}, {0xfd, 0xae, 0x61},
      {0xf4, 0x6d, 0x43}, {0xd7, 0x30, 0x27}, {0xa5, 0x00, 0x26}};

  /** A colour of the blue-to-red palette for {@code f} in [0, 1]. */
  static String color(double f) {
    double x = Math.max(0, Math.min(1, Double.isNaN(f) ? 0.5 : f)) * (PALETTE.length - 1);
    int i = Math.min(PALETTE.length - 2, (int) x);
    double r = x - i;
    int[] a = PALETTE[i];
    int[] b = PALETTE[i + 1];
    long rgb = (Math.round(a[0] + r * (b[0] - a[0])) << 16)
        | (Math.round(a[1] + r * (b[1] - a[1])) << 8) | Math.round(a[2] + r * (b[2] - a[2]));
    String hex = Long.toHexString(rgb);
    return "#" + "000000".substring(hex.length()) + hex;
  }
}
