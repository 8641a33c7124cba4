package io.sparktune.report;

import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The timeline: which trial ran where and when. One lane per Spark executor (the system attributes
 * {@code executor} and {@code host} that the Spark runner sets on each trial), and a {@value
 * #DRIVER} lane for trials without them (run on the driver); one bar per started trial, from its
 * start to its completion (or, while it runs, to the latest time seen in the study), with its
 * state (Optuna's {@code plot_timeline}, by lane).
 *
 * @param lanes the lane names: {@value #DRIVER} first, then executors by id
 * @param bars one per trial that started, by number
 */
public record TimelinePlot(List<String> lanes, List<Bar> bars) {
  /** The lane of trials that carry no executor. */
  public static final String DRIVER = "driver";

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
    TreeSet<String> executors = new TreeSet<>(TimelinePlot::compareExecutors);
    List<Bar> bars = new ArrayList<>();
    List<FrozenTrial> sorted = new ArrayList<>(trials);
    sorted.sort(Comparator.comparingInt(FrozenTrial::number));
    boolean driver = false;
    for (FrozenTrial t : sorted) {
      if (t.datetimeStart() == null) {
        continue;
      }
      String lane = lane(t);
      if (lane.equals(DRIVER)) {
        driver = true;
      } else {
        executors.add(lane);
      }
      long start = millis(t.datetimeStart());
      long end = t.datetimeComplete() != null ? millis(t.datetimeComplete()) : latest;
      bars.add(new Bar(t.number(), lane, start, Math.max(start, end), t.state(), t.value()));
    }
    List<String> lanes = new ArrayList<>();
    if (driver) {
      lanes.add(DRIVER);
    }
    lanes.addAll(executors);
    return new TimelinePlot(lanes, bars);
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
