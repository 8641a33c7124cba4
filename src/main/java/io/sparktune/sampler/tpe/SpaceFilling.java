package io.sparktune.sampler.tpe;

import io.sparktune.internal.RandomDraws;
import io.sparktune.internal.Seeds;
import io.sparktune.space.Distribution;
import java.util.SplittableRandom;

/**
 * The startup design: consecutive blocks of {@code blockSize} trial numbers form Latin hypercubes.
 * For each parameter name and block, a seeded permutation gives every trial of the block its own
 * stratum of {@code [0, 1)}, and a seeded jitter places it inside; so the design is a pure function
 * of (seed, trial number, name), the same whatever order or thread asks, and conditional parameters
 * get their own strata. Categoricals and ints are stratified through {@link RandomDraws#fromUnit}.
 */
final class SpaceFilling {
  private static final long SALT = 0x6a09e667f3bcc909L;

  private SpaceFilling() {}

  /** The internal value of {@code name} for trial {@code number}. */
  static double internal(long seed, int number, String name, Distribution d, int blockSize) {
    int block = number / blockSize;
    int pos = number % blockSize;
    SplittableRandom perm = new SplittableRandom(Seeds.forParam(seed ^ SALT, block, name));
    int[] p = new int[blockSize];
    for (int i = 0; i < blockSize; i++) {
      p[i] = i;
    }
    for (int i = blockSize - 1; i > 0; i--) {
      int j = perm.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    double jitter = Seeds.paramRandom(seed, number, name).nextDouble();
    double u = (p[pos] + jitter) / blockSize;
    return RandomDraws.fromUnit(d, Math.min(u, Math.nextDown(1.0)));
  }
}
