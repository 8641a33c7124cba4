package com.acme;

import io.sparktune.study.Objective;
import io.sparktune.trial.Trial;

/** A user objective whose constructor fails (its model server is down). */
public class ExplodingObjective implements Objective {
  private static final long serialVersionUID = 1L;

  public ExplodingObjective() {
    throw new IllegalStateException("the model server at acme:8080 is down");
  }

  @Override
  public double evaluate(Trial trial) {
    return 0;
  }
}
