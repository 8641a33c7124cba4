package io.sparktune.trial;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What samplers and pruners may read of a study (and the one thing they may write). */
public interface StudyView {
  /** The study's unique name. */
  String studyName();

  /** Minimize or maximize. */
  Direction direction();

  /** Trials in the given states, ordered by number. */
  List<FrozenTrial> trials(Set<TrialState> states);

  /** All trials, ordered by number. */
  default List<FrozenTrial> trials() {
    return trials(EnumSet.allOf(TrialState.class));
  }

  /** Sets a system attribute on a trial (samplers use it to pin state such as a grid point). */
  void setTrialSystemAttr(FrozenTrial trial, String key, Object value);
}
