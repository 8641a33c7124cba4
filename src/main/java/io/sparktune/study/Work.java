package io.sparktune.study;

import io.sparktune.space.Distribution;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FixedBackend;
import io.sparktune.trial.Trial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One piece of work a {@link Scheduler} hands the driver for a free slot, and the driver hands a
 * {@link TrialExecutor}: run a trial's {@link #body()} with its parameters ({@link Run}), or resume
 * a paused trial from its checkpoint ({@link Resume}). The body is {@code Serializable}, so an
 * executor may ship it to a Spark task; {@link #live()} is the study's own trial, for executors
 * that run the body in the driver's process.
 */
public sealed interface Work permits Work.Run, Work.Resume {

  /** The trial's number. */
  int number();

  /** The trial's parameters (external values), in suggestion order. */
  Map<String, Object> params();

  /** The distribution of each parameter, for a trial rebuilt where the body runs. */
  Map<String, Distribution> distributions();

  /** What runs. */
  Objective body();

  /** The study's live trial, or null: the body then runs on a trial with fixed parameters. */
  default Trial live() {
    return null;
  }

  /** Whether reports and pruning questions made away from the driver should reach it live. */
  default boolean remotePruning() {
    return false;
  }

  /** For logs and Spark job descriptions, e.g. "trial 3" or "trial 3 to rung 2". */
  String description();

  /**
   * Runs the body on the calling thread: on {@link #live()}, or on a trial with the fixed values
   * {@link #params()} whose reports and user attributes come back in the outcome's info. What a
   * local thread and a Spark job's driver thread do.
   */
  default Outcome runHere() {
    FixedBackend away = live() == null ? FixedBackend.of(params()) : null;
    try {
      return Outcome.evaluate(body(), away == null ? live() : new BackedTrial(number(), away),
          away, Map.of());
    } catch (VirtualMachineError e) {
      return new Outcome.Failed(Outcome.describe(e), Outcome.Info.none());
    }
  }

  /**
   * Run trial {@code number} from the start.
   *
   * @param toRung the ASHA rung the run trains to, or -1 for an ordinary trial
   */
  record Run(int number, Map<String, Object> params, Map<String, Distribution> distributions,
      Objective body, Trial live, boolean remotePruning, int toRung) implements Work {
    public Run {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    }

    @Override
    public String description() {
      return toRung < 0 ? "trial " + number : "trial " + number + " to rung " + toRung;
    }
  }

  /**
   * Resume paused trial {@code number} from its checkpoint at {@code fromRung} and train it to
   * {@code toRung}.
   */
  record Resume(int number, Map<String, Object> params, Map<String, Distribution> distributions,
      Objective body, int fromRung, int toRung) implements Work {
    public Resume {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    }

    @Override
    public String description() {
      return "trial " + number + " from rung " + fromRung + " to rung " + toRung;
    }
  }
}
