package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timeline: which trial ran where and when. Trials are grouped by Spark executor (the system
 * attributes {@code executor} and {@code host} that the Spark runner sets on each trial), and
 * {@value #DRIVER} for trials without them (run on driver threads); each group gets as many lanes
 * as it ran trials at once ({@code "<executor> / slot <k>"}, by interval partitioning of the
 * runs' start and end times), so no bar is drawn over another: on {@code local[*]} two
 * concurrent trials get two lanes. One bar per run of a started trial: its {@value
 * #RUN_INTERVALS} (where the body ran; several for a resumed ASHA trial), else from its start to
 * its completion (or, while it runs, to the latest time seen in the study), with its state
 * (Optuna's {@code plot_timeline}, by lane).
 *
 * @param lanes the lane names: {@value #DRIVER} first, then executors by id, each group's slots
 *     in order
 * @param bars one per trial that started, by number
 */
public record TimelinePlot(List<String> lanes, List<Bar> bars) {
  /** The lane of trials that carry no executor. */
  public static final String DRIVER = "driver";
  /** The system attribute with a trial's runs ({@code Study.RUN_INTERVALS}). */
  public static final String RUN_INTERVALS = "run_intervals_ms";

  /**
   * One trial.
   *
   * @param number the trial number
   * @param lane the lane name
   * @param startMillis start, in milliseconds since the epoch
   * @param endMillis completion, or the latest time seen while the trial runs
   * @param state the trial's state
   * @param value the trial's value, or null
   */
  public record Bar(int number, String lane, long startMillis, long endMillis, TrialState state,
      Double value) {}

  public TimelinePlot {
    lanes = List.copyOf(lanes);
    bars = List.copyOf(bars);
  }

  /** The timeline of {@code trials}. */
  public static TimelinePlot of(List<FrozenTrial> trials) {
    long latest = Long.MIN_VALUE;
    for (FrozenTrial t : trials) {
      latest = Math.max(latest, millis(t.datetimeStart()));
      latest = Math.max(latest, millis(t.datetimeComplete()));
    }
    // Bars per executor (or the driver), in order of start.
    TreeMap<String, List<Bar>> groups = new TreeMap<>(TimelinePlot::compareGroups);
    for (FrozenTrial t : trials) {
      if (t.datetimeStart() == null) {
        continue;
      }
      List<Bar> group = groups.computeIfAbsent(lane(t), k -> new ArrayList<>());
      List<long[]> runs = runs(t);
      if (runs.isEmpty()) { // not run yet, or recorded before run intervals were
        long start = millis(t.datetimeStart());
        long end = t.datetimeComplete() != null ? millis(t.datetimeComplete()) : latest;
        runs = List.of(new long[] {start, Math.max(start, end)});
      }
      for (long[] run : runs) {
        group.add(new Bar(t.number(), lane(t), run[0], run[1], t.state(), t.value()));
      }
    }
    List<String> lanes = new ArrayList<>();
    List<Bar> bars = new ArrayList<>();
    for (Map.Entry<String, List<Bar>> g : groups.entrySet()) {
      List<List<Bar>> slots = slots(g.getValue());
      for (int k = 0; k < slots.size(); k++) {
        String name = slots.size() == 1 ? g.getKey() : g.getKey() + " / slot " + (k + 1);
        lanes.add(name);
        for (Bar b : slots.get(k)) {
          bars.add(new Bar(b.number(), name, b.startMillis(), b.endMillis(), b.state(),
              b.value()));
        }
      }
    }
    bars.sort(Comparator.comparingInt(Bar::number));
    return new TimelinePlot(lanes, bars);
  }

  /**
   * Interval partitioning: each bar, in order of start (then number), goes to the first slot that
   * is free by its start, else to a new slot. No two bars of a slot overlap, and the number of
   * slots is the most trials that ran at once on the executor.
   */
  private static List<List<Bar>> slots(List<Bar> group) {
    List<Bar> byStart = new ArrayList<>(group);
    byStart.sort(Comparator.comparingLong(Bar::startMillis).thenComparingInt(Bar::number));
    List<List<Bar>> slots = new ArrayList<>();
    List<Long> freeAt = new ArrayList<>();
    for (Bar b : byStart) {
      int k = 0;
      while (k < slots.size() && freeAt.get(k) > b.startMillis()) {
        k++;
      }
      if (k == slots.size()) {
        slots.add(new ArrayList<>());
        freeAt.add(Long.MIN_VALUE);
      }
      slots.get(k).add(b);
      freeAt.set(k, b.endMillis());
    }
    return slots;
  }

  /** The driver first, then executors ({@link #compareExecutors}). */
  private static int compareGroups(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals(DRIVER) || b.equals(DRIVER)) {
      return a.equals(DRIVER) ? -1 : 1;
    }
    return compareExecutors(a, b);
  }

  /**
   * The trial's runs from its {@value #RUN_INTERVALS} system attribute (what the study driver
   * records from where the body ran: the driver's own create and finish times also hold the wait
   * for a free slot), or none.
   */
  private static List<long[]> runs(FrozenTrial t) {
    List<long[]> out = new ArrayList<>();
    if (t.systemAttrs().get(RUN_INTERVALS) instanceof List<?> runs) {
      for (Object r : runs) {
        if (r instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number a
            && pair.get(1) instanceof Number b && b.longValue() >= a.longValue()) {
          out.add(new long[] {a.longValue(), b.longValue()});
        }
      }
    }
    return out;
  }

  /** {@code executor <id> @ <host>}, or {@value #DRIVER}. */
  static String lane(FrozenTrial t) {
    Object executor = t.systemAttrs().get("executor");
    if (executor == null) {
      return DRIVER;
    }
    Object host = t.systemAttrs().get("host");
    return "executor " + executor + (host == null ? "" : " @ " + host);
  }

  private static long millis(Instant i) {
    return i == null ? Long.MIN_VALUE : i.toEpochMilli();
  }

  /** Numeric executor ids in numeric order, then the rest by text. */
  private static int compareExecutors(String a, String b) {
    Long na = id(a);
    Long nb = id(b);
    if (na != null && nb != null && !na.equals(nb)) {
      return Long.compare(na, nb);
    }
    if ((na == null) != (nb == null)) {
      return na != null ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static Long id(String lane) {
    String s = lane.substring("executor ".length());
    int at = s.indexOf(' ');
    try {
      return Long.parseLong(at < 0 ? s : s.substring(0, at));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
