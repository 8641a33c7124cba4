package io.sparktune.report;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Trial selections shared by the plots. */
final class Points {
  private Points() {}

  /** COMPLETE trials with a finite value, by number. */
  static List<FrozenTrial> completed(List<FrozenTrial> trials) {
    List<FrozenTrial> out = new ArrayList<>();
    for (FrozenTrial t : trials) {
      if (t.state() == TrialState.COMPLETE && t.value() != null
          && Double.isFinite(t.value())) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingInt(FrozenTrial::number));
    return out;
  }

  /** Parameter names held by every trial of {@code trials}, in first-seen order. */
  static List<String> commonParams(List<FrozenTrial> trials) {
    Set<String> names = new LinkedHashSet<>();
    trials.forEach(t -> names.addAll(t.params().keySet()));
    names.removeIf(n -> trials.stream().anyMatch(t -> !t.params().containsKey(n)));
    return List.copyOf(names);
  }

  /** Trials holding {@code name}. */
  static List<FrozenTrial> holding(List<FrozenTrial> trials, String name) {
    return trials.stream().filter(t -> t.params().containsKey(name)).toList();
  }

  /** The loss (smaller is better) of a trial. */
  static double loss(FrozenTrial t, Direction direction) {
    return direction.toLoss(t.value());
  }
}
