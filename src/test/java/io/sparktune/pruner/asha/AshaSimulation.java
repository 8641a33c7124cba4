package io.sparktune.pruner.asha;

import io.sparktune.trial.Direction;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A virtual-clock simulation of {@link AshaScheduler} driving {@code workers} slots (test code, no
 * threads, no Spark): every slot that frees asks {@link AshaScheduler#nextJob()}, jobs take the
 * time the seeded trial model says, and the run ends when a trial completes the top rung with an
 * accuracy at or above the target.
 *
 * <p>Trial model (trial {@code i} of seed {@code s} draws from its own stream, so every worker
 * count sees the same sequence of configurations): asymptotic error {@code 1 − a ~ LogNormal(ln
 * 0.1, 0.5)}; learning-curve time constant {@code τ ~ LogNormal(ln 8, 0.6)} resource units, so
 * fast starters are not always the best finishers; accuracy after {@code r} units {@code a − (a −
 * 0.1)·e^{−r/τ}} plus Gaussian noise of sd {@code 0.05·(1 − a)} per evaluation; time per resource
 * unit {@code LogNormal(0, 0.25)}; a fixed overhead per job (checkpoint save and restore).
 */
final class AshaSimulation {

  /**
   * Settings of one simulated study.
   *
   * @param minResource {@code r}
   * @param maxResource {@code R}
   * @param reductionFactor {@code η}
   * @param target the accuracy at {@code R} that ends the run
   * @param jobOverhead time added to every job
   * @param maxTrials a safety cap; the run gives up (infinite time) past it
   */
  record Params(int minResource, int maxResource, int reductionFactor, double target,
      double jobOverhead, int maxTrials) {

    /**
     * The accuracy that only about one configuration in {@code rarity} reaches on average at
     * {@code maxResource}: the {@code 1 − 1/rarity} quantile of the noise-free accuracy at {@code
     * maxResource}, estimated from {@code 20·rarity} configurations of a fixed calibration seed
     * (not one of the run seeds).
     */
    static double targetForRarity(int maxResource, int rarity) {
      int n = 20 * rarity;
      double[] acc = new double[n];
      for (int i = 0; i < n; i++) {
        acc[i] = Config.of(CALIBRATION_SEED, i).mean(maxResource);
      }
      java.util.Arrays.sort(acc);
      return acc[n - 1 - 20];
    }
  }

  /**
   * The outcome of one run.
   *
   * @param workers slots
   * @param seed the model's seed
   * @param time virtual time at which the target was reached (infinite if never)
   * @param trials trials started
   * @param jobs jobs run
   * @param resource resource units trained in total
   */
  record Result(int workers, long seed, double time, int trials, long jobs, long resource) {}

  /** Trial {@code i}'s configuration. */
  private record Config(double asymptote, double tau, double costPerUnit, long noiseSeed) {
    static Config of(long seed, int trial) {
      SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + trial);
      double error = 0.1 * Math.exp(0.5 * gaussian(r));
      double tau = Math.exp(Math.log(8) + 0.6 * gaussian(r));
      double cost = Math.exp(0.25 * gaussian(r));
      return new Config(1 - error, tau, cost, r.nextLong());
    }

    double mean(int resource) {
      return asymptote - (asymptote - 0.1) * Math.exp(-resource / tau);
    }

    double observe(int resource, int rung) {
      SplittableRandom r = new SplittableRandom(noiseSeed + 31L * rung);
      return mean(resource) + 0.05 * (1 - asymptote) * gaussian(r);
    }
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller on two draws of the trial's own stream
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static final long CALIBRATION_SEED = 0x5EED_CA11BL;

  private record Running(double end, long seq, int trial, int rung, int budget) {}

  private AshaSimulation() {}

  /** Runs ASHA (promotion) with {@code workers} slots. */
  static Result asha(Params p, int workers, long seed) {
    AshaScheduler asha = AshaScheduler.builder().minResource(p.minResource())
        .maxResource(p.maxResource()).reductionFactor(p.reductionFactor())
        .direction(Direction.MAXIMIZE).build();
    return run(p, workers, seed, asha);
  }

  /** Runs random search without pruning (every trial trains to {@code R}) as a baseline. */
  static Result noPruning(Params p, int workers, long seed) {
    return run(p, workers, seed, null);
  }

  private static Result run(Params p, int workers, long seed, AshaScheduler asha) {
    PriorityQueue<Running> queue = new PriorityQueue<>((a, b) -> a.end() != b.end()
        ? Double.compare(a.end(), b.end()) : Long.compare(a.seq(), b.seq()));
    int[] trials = {0};
    long[] jobs = {0};
    long[] resource = {0};
    long seq = 0;
    double now = 0;
    int top = asha == null ? 0 : asha.topRung();
    for (int w = 0; w < workers; w++) {
      queue.add(dispatch(p, seed, asha, now, seq++, trials, jobs, resource));
    }
    while (!queue.isEmpty()) {
      Running done = queue.poll();
      now = done.end();
      Config c = Config.of(seed, done.trial());
      double value = c.observe(done.budget(), done.rung());
      if (asha != null) {
        asha.onResult(done.trial(), done.rung(), value);
      }
      if (done.rung() == top && value >= p.target()) {
        return new Result(workers, seed, now, trials[0], jobs[0], resource[0]);
      }
      if (trials[0] >= p.maxTrials()) {
        continue; // drain: no new trials, promotions only
      }
      queue.add(dispatch(p, seed, asha, now, seq++, trials, jobs, resource));
    }
    return new Result(workers, seed, Double.POSITIVE_INFINITY, trials[0], jobs[0], resource[0]);
  }

  private static Running dispatch(Params p, long seed, AshaScheduler asha, double now, long seq,
      int[] trials, long[] jobs, long[] resource) {
    jobs[0]++;
    if (asha == null) {
      int trial = trials[0]++;
      resource[0] += p.maxResource();
      Config c = Config.of(seed, trial);
      return new Running(now + c.costPerUnit() * p.maxResource() + p.jobOverhead(), seq, trial,
          0, p.maxResource());
    }
    AshaJob job = asha.nextJob();
    int trial;
    int from;
    if (job instanceof AshaJob.Promote pr) {
      trial = pr.trialNumber();
      from = pr.fromBudget();
    } else {
      trial = trials[0]++;
      asha.onStarted(trial);
      from = 0;
    }
    int units = job.budget() - from;
    resource[0] += units;
    Config c = Config.of(seed, trial);
    return new Running(now + c.costPerUnit() * units + p.jobOverhead(), seq, trial, job.toRung(),
        job.budget());
  }
}
