package io.sparktune.study;

import io.sparktune.trial.FixedBackend;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialPrunedException;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How one piece of {@link Work} ended where it ran, as a value (never as a failed Spark job or a
 * thrown exception): {@link Completed} with the body's value (NaN included: the {@link Scheduler}
 * decides what it means), {@link Pruned}, {@link Failed}, or {@link Lost} (the work did not run to
 * an end through no fault of the trial: a re-run of a task whose executor died).
 *
 * <p>{@link Info} carries what the body recorded on a trial that is not the study's live trial
 * (reports and user attributes made inside a Spark task) and where and when it ran; the driver
 * writes it into the study, the same way for every executor.
 */
public sealed interface Outcome extends Serializable
    permits Outcome.Completed, Outcome.Pruned, Outcome.Failed, Outcome.Lost {

  /** What the work recorded and where it ran. */
  Info info();

  /** Why the trial did not complete, or null for {@link Completed}. */
  default String reason() {
    return null;
  }

  /**
   * What a work recorded away from the study and where it ran.
   *
   * @param reports intermediate values by step, made on a trial that is not the live one
   * @param userAttrs user attributes set on such a trial
   * @param systemAttrs where it ran ({@code executor}, {@code host}), or empty
   * @param startMillis epoch millis the body started, or 0 if unknown
   * @param endMillis epoch millis it ended, or 0 if unknown
   */
  record Info(SortedMap<Integer, Double> reports, Map<String, Object> userAttrs,
      Map<String, Object> systemAttrs, long startMillis, long endMillis) implements Serializable {
    public Info {
      reports = Collections.unmodifiableSortedMap(new TreeMap<>(reports));
      userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
      systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
    }

    /** Nothing recorded, times unknown. */
    public static Info none() {
      return new Info(new TreeMap<>(), Map.of(), Map.of(), 0, 0);
    }

    /** The body's run time in seconds, or -1 if the times are unknown. */
    public double seconds() {
      return startMillis > 0 && endMillis >= startMillis ? (endMillis - startMillis) / 1000.0 : -1;
    }
  }

  /** The body returned {@code value} (possibly NaN). */
  record Completed(double value, Info info) implements Outcome {}

  /** The body threw {@link TrialPrunedException}. */
  record Pruned(String reason, Info info) implements Outcome {}

  /** The body threw, was interrupted, or the work was cancelled. */
  record Failed(String reason, Info info) implements Outcome {}

  /** The work was lost (its executor died); the body did not run to an end. */
  record Lost(String reason, Info info) implements Outcome {}

  /**
   * Runs {@code body} on {@code trial} and turns every way it can end into an outcome, with the
   * times, {@code where} it ran and, if the trial is not the study's live one, what it recorded
   * on {@code away} (null for a live trial). A {@link VirtualMachineError} is rethrown (the
   * process is in trouble; whoever runs the work decides).
   */
  static Outcome evaluate(Objective body, Trial trial, FixedBackend away,
      Map<String, Object> where) {
    long start = System.currentTimeMillis();
    Supplier<Info> info = () -> new Info(away == null ? new TreeMap<>() : away.intermediateValues(),
        away == null ? Map.of() : away.userAttrs(), where, start, System.currentTimeMillis());
    try {
      double v = body.evaluate(trial);
      return new Completed(v, info.get());
    } catch (TrialPrunedException e) {
      return new Pruned(e.getMessage(), info.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed("interrupted (the trial was cancelled)", info.get());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return new Failed(describe(e), info.get());
    }
  }

  /** An exception as a trial's failure reason: its class and message. */
  static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName()
        : e.getClass().getName() + ": " + e.getMessage();
  }
}
