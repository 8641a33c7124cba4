package io.sparktune.trial;

/** Thrown by an objective to say its trial was pruned; control flow only, never an error. */
public class TrialPrunedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrialPrunedException() {
    this("Trial was pruned.");
  }

  public TrialPrunedException(String message) {
    super(message, null, false, false);
  }
}
