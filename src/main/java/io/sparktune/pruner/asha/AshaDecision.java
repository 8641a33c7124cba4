package io.sparktune.pruner.asha;

/** What becomes of a trial after it reported a rung ({@link AshaScheduler#onResult}). */
public enum AshaDecision {
  /** Keep its checkpoint and wait: it may be promoted later, when a slot frees. */
  PAUSE,
  /** It reached the top rung (the maximum resource): its value is final. */
  COMPLETE,
  /** It reported NaN: the worst value, never promoted; its checkpoint can go. */
  STOP
}
