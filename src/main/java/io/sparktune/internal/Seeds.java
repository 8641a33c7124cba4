package io.sparktune.internal;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seed derivation: every random stream is a pure function of (study seed, trial number[, name]), so
 * the same seed gives the same trials whatever the thread interleaving.
 */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finalizer: a well-mixed 64-bit hash of {@code z}. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The seed of trial {@code number} in a study seeded with {@code seed}. */
  public static long forTrial(long seed, int number) {
    return mix(mix(seed) + 0x9e3779b97f4a7c15L * (number + 1L));
  }

  /** The seed of parameter {@code name} in trial {@code number}. */
  public static long forParam(long seed, int number, String name) {
    long h = 1125899906842597L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return mix(forTrial(seed, number) ^ mix(h));
  }

  /** A generator for trial {@code number}. */
  public static SplittableRandom trialRandom(long seed, int number) {
    return new SplittableRandom(forTrial(seed, number));
  }

  /** A generator for parameter {@code name} of trial {@code number}. */
  public static SplittableRandom paramRandom(long seed, int number, String name) {
    return new SplittableRandom(forParam(seed, number, name));
  }
}
