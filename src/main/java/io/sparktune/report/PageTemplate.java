package io.sparktune.report;

import java.util.Locale;
import java.util.Map;

/** The HTML page around the charts: header, summary, one element per plot, inline scripts. */
final class PageTemplate {
  private PageTemplate() {}

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <link rel="icon" href="data:,">
      <title>sparktune report: %1$s</title>
      <style>
      body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #f6f7f9; }
      header { background: #1f3b57; color: #fff; padding: 14px 24px; }
      header h1 { font-size: 20px; margin: 0 0 4px 0; }
      header p { margin: 2px 0; font-size: 13px; opacity: 0.9; }
      main { padding: 12px 24px 40px 24px; max-width: 1500px; margin: 0 auto; }
      h2 { font-size: 16px; margin: 22px 0 6px 0; }
      p.note { font-size: 12px; color: #555; margin: 0 0 8px 0; }
      .grid { display: grid; gap: 12px; }
      .g1 { grid-template-columns: 1fr; }
      .g2 { grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); }
      .g3 { grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); }
      .chart { background: #fff; border: 1px solid #dde1e6; border-radius: 4px; height: 380px; }
      .g3 .chart { height: 320px; }
      .chart.tall { height: 440px; }
      .chart.empty { display: flex; align-items: center; justify-content: center; color: #888; }
      table.best { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
      table.best td { padding: 2px 10px 2px 0; }
      a.svg { font-size: 11px; color: #557; }
      #report-status { display: none; }
      </style>
      </head>
      <body>
      <header>
      <h1>Study %1$s</h1>
      <p>%2$s</p>
      <p>%3$s</p>
      </header>
      <main>
      %4$s
      </main>
      <pre id="report-status" data-ok="false">{"charts":0}</pre>
      <script type="application/json" id="report-data">%5$s</script>
      <script>%6$s</script>
      <script>%7$s</script>
      </body>
      </html>
      """;

  static String page(StudyReport r, String echarts, String script, String json) {
    String counts = String.join(", ", r.counts().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT)).toList());
    int total = r.counts().values().stream().mapToInt(Integer::intValue).sum();
    String line1 = Svg.esc(String.format(Locale.ROOT, "%s · %d trials (%s)", r.direction(), total,
        counts.isEmpty() ? "none" : counts));
    String line2 = r.bestNumber() == null ? "No trial completed yet."
        : Svg.esc(String.format(Locale.ROOT, "Best trial %d: value %s with %s", r.bestNumber(),
            Svg.num(r.bestValue()), params(r.bestParams())));
    StringBuilder body = new StringBuilder();
    section(body, "Optimization history", "Each COMPLETE trial's value, and the best value so "
        + "far. Drag to zoom, hover for the trial.", "g1", "history");
    section(body, "Intermediate values", "Learning curves of every trial that reported; pruned "
        + "trials are dashed and crossed where they stopped, rung values are diamonds.", "g1",
        "intermediate");
    section(body, "Parallel coordinates", "One line per COMPLETE trial, coloured by its value. "
        + "Drag along an axis to select a range.", "g1", "parallel");
    section(body, "Importance and distribution", "Parameter importance by PED-ANOVA: how much "
        + "each parameter's distribution differs between the top trials and all trials. The EDF "
        + "shows the share of trials at or below each value.", "g2", "importance", "edf");
    section(body, "Timeline", "Which trial ran where and when, coloured by state: one lane per "
        + "slot of each Spark executor (trials that overlapped on one executor get separate lanes; "
        + "the driver's lanes hold trials run on driver threads), so no bar hides another.", "g1",
        "timeline");
    String[] contour = ids("contour", r.contour().panels().size());
    String[] rank = ids("rank", r.rank().panels().size());
    // Contour and rank panels side by side; either may have fewer panels (few trials).
    java.util.List<String> pairList = new java.util.ArrayList<>();
    for (int k = 0; k < Math.max(contour.length, rank.length); k++) {
      if (k < contour.length) {
        pairList.add(contour[k]);
      }
      if (k < rank.length) {
        pairList.add(rank[k]);
      }
    }
    String[] pairs = pairList.toArray(new String[0]);
    if (pairs.length > 0) {
      section(body, "Parameter pairs", "For the most important parameters: the objective "
          + "interpolated between the trials (contour), and each trial coloured by its rank.",
          "g2", pairs);
    }
    String[] slices = ids("slice", r.slice().panels().size());
    if (slices.length > 0) {
      section(body, "Slices", "The objective against each parameter; darker points are later "
          + "trials.", "g3", slices);
    }
    return String.format(Locale.ROOT, PAGE, Svg.esc(r.studyName()), line1, line2, body, json,
        echarts, script);
  }

  private static String[] ids(String prefix, int n) {
    String[] out = new String[n];
    for (int k = 0; k < n; k++) {
      out[k] = prefix + "-" + k;
    }
    return out;
  }

  private static void section(StringBuilder sb, String title, String note, String grid,
      String... plots) {
    sb.append("<h2>").append(Svg.esc(title)).append("</h2>\n<p class=\"note\">")
        .append(Svg.esc(note)).append("</p>\n<div class=\"grid ").append(grid).append("\">\n");
    for (String p : plots) {
      sb.append("<div><div class=\"chart").append(p.equals("parallel") ? " tall" : "")
          .append("\" id=\"plot-").append(p).append("\" data-plot=\"").append(p)
          .append("\"></div><a class=\"svg\" href=\"plots/").append(p)
          .append(".svg\">SVG</a></div>\n");
    }
    sb.append("</div>\n");
  }

  private static String params(Map<String, Object> params) {
    StringBuilder sb = new StringBuilder("{");
    params.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
        .append(v instanceof Double d ? Svg.num(d) : String.valueOf(v)));
    return sb.append('}').toString();
  }
}
