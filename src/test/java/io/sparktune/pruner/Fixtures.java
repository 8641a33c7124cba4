package io.sparktune.pruner;

import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import java.util.SortedMap;
import java.util.TreeMap;

/** Synthetic studies for the pruner tests (package-private). */
final class Fixtures {
  private Fixtures() {}

  static Study study(String name, Direction direction, Pruner pruner) {
    return Study.builder().name(name).direction(direction).pruner(pruner).build();
  }

  /** Asks a trial and reports {@code value} at {@code step}. */
  static Trial reported(Study study, double value, int step) {
    Trial t = study.ask();
    t.report(value, step);
    return t;
  }

  /** Asks a trial and reports {@code values[i]} at step {@code i}. */
  static Trial curve(Study study, double... values) {
    Trial t = study.ask();
    for (int i = 0; i < values.length; i++) {
      t.report(values[i], i);
    }
    return t;
  }

  /** The stored snapshot of trial {@code number}. */
  static FrozenTrial frozen(Study study, int number) {
    return study.trials().get(number);
  }

  /** A RUNNING snapshot with the given reports, outside any storage. */
  static FrozenTrial snapshot(int number, double... values) {
    SortedMap<Integer, Double> iv = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      iv.put(i, values[i]);
    }
    return new FrozenTrial(number, number, io.sparktune.trial.TrialState.RUNNING, null,
        java.util.Map.of(), java.util.Map.of(), iv, java.util.Map.of(), java.util.Map.of(), null,
        null);
  }
}
