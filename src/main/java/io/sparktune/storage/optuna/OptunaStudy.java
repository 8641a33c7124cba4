package io.sparktune.storage.optuna;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study as an Optuna journal holds it, after replaying the journal the way Optuna's {@code
 * JournalStorage} does.
 *
 * @param name the study name
 * @param directions one direction per objective (sparktune imports single-objective studies)
 * @param userAttrs the study's user attributes
 * @param systemAttrs the study's system attributes
 * @param trials the trials by number; {@code trialId} is Optuna's trial id in the journal, {@code
 *     value} is null for a trial of a multi-objective study
 * @param origin where the study was created, for messages ({@code "Optuna journal F line 3"})
 */
public record OptunaStudy(String name, List<Direction> directions, Map<String, Object> userAttrs,
    Map<String, Object> systemAttrs, List<FrozenTrial> trials, String origin) {

  public OptunaStudy {
    directions = List.copyOf(directions);
    userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(userAttrs));
    systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttrs));
    trials = List.copyOf(trials);
  }

  /**
   * The study's single direction.
   *
   * @throws IllegalArgumentException if the study has several objectives
   */
  public Direction direction() {
    if (directions.size() != 1) {
      throw new IllegalArgumentException("study '" + name + "' must have one objective to be a"
          + " sparktune study, but got " + directions.size() + " directions " + directions
          + " (" + origin + ", CREATE_STUDY)");
    }
    return directions.get(0);
  }
}
