/**
 * Study reports (core: no Spark, no Hadoop). The trials of any study, in memory or replayed from a
 * journal, become plain plot data first, like Optuna's {@code _get_*_info} functions: {@link
 * io.sparktune.report.HistoryPlot}, {@link io.sparktune.report.IntermediatePlot}, {@link
 * io.sparktune.report.ParallelPlot}, {@link io.sparktune.report.ContourPlot}, {@link
 * io.sparktune.report.SlicePlot}, {@link io.sparktune.report.ImportancePlot} (PED-ANOVA), {@link
 * io.sparktune.report.EdfPlot}, {@link io.sparktune.report.RankPlot} and {@link
 * io.sparktune.report.TimelinePlot} (one lane per Spark executor), gathered in {@link
 * io.sparktune.report.StudyReport} with axes described by {@link io.sparktune.report.ParamAxis}.
 * {@link io.sparktune.report.HtmlReport} renders them as one self-contained {@code report.html}
 * (Apache ECharts inline) and one SVG file per plot.
 */
package io.sparktune.report;
