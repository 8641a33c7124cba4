package com.example.course;

import io.sparktune.sampler.tpe.TpeSampler;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import java.util.Locale;

/**
 * The course objective run in this JVM by the library, no Spark: a study (name, direction,
 * sampler) and {@code Study.optimize}. {@code java ... com.example.course.LocalStudy [N_TRIALS]
 * [SEED]}, default 20 trials, seed 7.
 */
public final class LocalStudy {
  private LocalStudy() {}

  public static void main(String[] args) {
    int nTrials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    // guide:start main
    Study study = Study.builder()
        .name("course-digits-softmax")
        .direction(Direction.MAXIMIZE) // accuracy: higher is better
        .sampler(TpeSampler.builder().seed(seed).build())
        .build();
    long start = System.nanoTime();
    study.optimize(new DigitsSoftmax(), nTrials);
    double wall = (System.nanoTime() - start) / 1e9;

    FrozenTrial best = study.bestTrial();
    System.out.printf(Locale.ROOT, "Best trial %d: CV accuracy %.4f with %s (%d trials in %.1f s)%n",
        best.number(), best.value(), best.params(), nTrials, wall);
    // guide:end
  }
}
