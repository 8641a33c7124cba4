package com.acme;

import io.sparktune.study.Objective;
import io.sparktune.trial.Trial;

/** A user objective without a no-argument constructor. */
public class NoDefaultConstructor implements Objective {
  private static final long serialVersionUID = 1L;
  private final double shift;

  public NoDefaultConstructor(double shift) {
    this.shift = shift;
  }

  @Override
  public double evaluate(Trial trial) {
    return trial.suggestFloat("x", -1, 1) + shift;
  }
}
