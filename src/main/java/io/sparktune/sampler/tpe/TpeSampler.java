package io.sparktune.sampler.tpe;

import static io.sparktune.internal.Checks.require;

import io.sparktune.sampler.Sampler;
import io.sparktune.internal.Seeds;
import io.sparktune.space.Distribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011; Optuna's {@code TPESampler}).
 *
 * <p>The finished trials are split into the best {@code gamma(n)} ("below") and the rest
 * ("above"); each group becomes a Parzen estimator, {@code l(x)} and {@code g(x)}. The sampler draws
 * {@code nEiCandidates} points from {@code l} and proposes the one that maximizes {@code l(x) /
 * g(x)}. Log parameters are modelled in log space and discrete ones over their value's bin.
 *
 * <pre>{@code
 * Sampler tpe = TpeSampler.builder().seed(42).build();
 * Study study = Study.builder().sampler(tpe).build();
 * }</pre>
 *
 * <p><b>Startup.</b> Until enough trials have finished, parameters come from a seeded Latin
 * hypercube over consecutive trial numbers (see {@link Builder#nStartupTrials}); by default the
 * startup count adapts to the number of parameters: 3 up to 12 parameters, at most 10.
 *
 * <p><b>Finite spaces.</b> When every jointly sampled parameter is discrete (ints, stepped floats,
 * categoricals: a grid given as a space, as {@code SparkTuner} does with {@code
 * estimatorParamMaps}), a proposal never repeats the configuration of a finished or running trial,
 * since that would only train the same model again: the best candidate that no trial has wins,
 * else a uniformly drawn unseen point; only an exhausted space repeats. (The startup design draws
 * each parameter on its own; with parallel trials two of its blocks may meet.)
 *
 * <p><b>Batches and the constant liar.</b> With {@link Builder#constantLiar} (on by default),
 * RUNNING trials join the "above" group with a reduced weight ({@link Builder#liarWeight}), so q
 * trials asked in a row while the earlier ones run are pushed apart. A trial asked ahead of its
 * evaluation has no parameters in storage yet; the sampler remembers what it proposed for it, so
 * the liar sees it too. A proposal never repeats the
 * continuous values of a RUNNING trial. While trials run, candidates are drawn around the
 * rank-weighted centroid of the better half of the best "below" observation's basin ({@link
 * Builder#batchRecombination}), so a batch recombines its best points instead of only exploring
 * around each of them; in spaces of up to 4 parameters the 8th ask of a burst instead steps
 * beyond the best point along its basin's drift ({@link Builder#batchExtrapolation}). Until 48
 * trials have finished, the asks of a burst after its first draw from wider "below" kernels
 * ({@link Builder#batchEarlyWidening}).
 *
 * <p><b>Long studies.</b> An estimator keeps at most 256 kernels: past that, older observations
 * are thinned by age stratum with their weights summed, so an ask costs about the same at 5,000
 * finished trials as at 1,000.
 *
 * <p><b>Pruned and failed trials.</b> PRUNED trials rank after COMPLETE ones (deepest step first,
 * then last value); FAIL trials are ignored.
 *
 * <p><b>Determinism.</b> Each proposal is a function of the seed, the trial number and the trials
 * seen, so a study replayed with the same seed gets the same parameters.
 *
 * <p>Not thread-safe across studies at once; a study serializes its sampler calls.
 */
public final class TpeSampler implements Sampler {

  /** The number of "below" trials among {@code n} finished ones. */
  public enum Gamma {
    /** Optuna's default: {@code min(ceil(0.1 n), 25)}. */
    LINEAR {
      @Override
      int below(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
      }
    },
    /** Hyperopt's rule, recommended by Watanabe (2023): {@code min(ceil(0.25 sqrt(n)), 25)}. */
    SQRT {
      @Override
      int below(int n) {
        return Math.min((int) Math.ceil(0.25 * Math.sqrt(n)), 25);
      }
    };

    abstract int below(int n);
  }

  /** How observations are weighted by age. */
  public enum Weights {
    /** Optuna: the newest 25 weigh 1, older ones ramp down linearly to {@code 1/n}. */
    OPTUNA_RAMP,
    /** Every observation weighs the same. */
    UNIFORM
  }

  /** How the bandwidths of numerical kernels are chosen. */
  public enum Bandwidth {
    /**
     * Optuna: univariate, the larger gap to a neighbouring kernel; multivariate, {@code 0.2 ·
     * n^(-1/(d+4))} of the range.
     */
    OPTUNA,
    /** Scott's rule per dimension: {@code 1.059 · std · n^(-1/(d+4))} of the observations. */
    SCOTT,
    /**
     * Scott's rule divided by {@code sqrt(d)} for {@code d} jointly modelled parameters: a draw
     * from a product kernel then moves about as far in {@code d} dimensions ({@code sqrt(d) · σ})
     * as a univariate draw moves in one, instead of a distance growing with {@code sqrt(d)}. Equal
     * to SCOTT for univariate kernels.
     */
    SCOTT_PER_STEP,
    /**
     * Optuna's univariate rule in every dimension, multivariate included: per dimension, each
     * kernel's bandwidth is the larger gap to its sorted neighbours, so a product kernel is narrow
     * along the dimensions where the observations crowd and wide where they are sparse.
     */
    NEIGHBOUR
  }

  /** How a continuous kernel contributes to the acquisition's {@code log l(x) − log g(x)}. */
  public enum KernelScale {
    /** Each kernel is a density ({@code φ(z) / (σ Z)}), so the mixture integrates to 1. */
    DENSITY,
    /**
     * Optuna 3.1's scoring ({@code _truncnorm.logpdf} before optuna/optuna#5109 was fixed): the
     * {@code 1/σ} factor is left out, so each kernel counts by its peak height and a wide kernel
     * weighs more than a narrow one with the same weight. Sampling from {@code l(x)} is unchanged.
     */
    PEAK
  }

  /** A consistent set of settings to start a {@link Builder} from. */
  public enum Preset {
    /**
     * The default, chosen by measurement (docs/benchmarks-tpe.md): multivariate, LINEAR gamma,
     * OPTUNA_RAMP weights, SCOTT_PER_STEP bandwidth with the magic clip as its lower bound, prior
     * weight 1, Optuna's categorical smoothing, DENSITY kernels, and the joint "below"
     * estimator's bandwidths times 0.4 ({@link Builder#belowBandwidthFactor}), which improved all
     * six benchmark functions at 100 trials and at 10. Without the clip, Scott bandwidths
     * collapse around the few "below" points and the search stalls; scaling them by {@code
     * 1/sqrt(d)} keeps a joint draw from moving every coordinate at once by a univariate-sized
     * step, which helped most on the 10-dimensional functions.
     */
    SPARKTUNE,
    /**
     * Optuna 3.1's {@code TPESampler} defaults: univariate, LINEAR gamma, OPTUNA_RAMP weights,
     * OPTUNA bandwidth, magic clip, prior weight 1, PEAK kernels (Optuna 3.1's log density leaves
     * out {@code log σ}; optuna/optuna#5109). Optuna starts with 10 random trials; here the
     * startup design is kept (set {@link Builder#nStartupTrials} to 10 to match the count).
     */
    OPTUNA,
    /**
     * The settings Watanabe (2023) recommends: multivariate, SQRT gamma, UNIFORM weights, SCOTT
     * bandwidth, no magic clip, categorical smoothing 0.2.
     */
    WATANABE
  }

  /** The default {@link Builder#liarWeight}. */
  static final double DEFAULT_LIAR_WEIGHT = 0.1;
  /** Preset SPARKTUNE's {@link Builder#belowBandwidthFactor}. */
  static final double SPARKTUNE_BELOW_BANDWIDTH_FACTOR = 0.4;
  /** The least joint "below" bandwidth factor of an early batch member (see batchEarlyWidening). */
  static final double EARLY_BATCH_BELOW_FACTOR = 0.5;
  /** Batch members widen while fewer than this many trials have finished. */
  static final int EARLY_BATCH_FINISHED = 48;
  /** Uniform draws tried for a point no trial has, once every candidate repeats one. */
  static final int UNSEEN_DRAWS = 256;

  private final long seed;
  private final int nStartupTrials;
  private final int nEiCandidates;
  private final boolean multivariate;
  private final boolean constantLiar;
  private final Gamma gamma;
  private final double liarWeight;
  private final double belowBandwidthFactor;
  private final boolean batchRecombination;
  private final boolean batchExtrapolation;
  private final boolean batchEarlyWidening;
  private final ParzenEstimator.Settings settings;
  private final Observations observations;

  private TpeSampler(Builder b) {
    this.seed = b.seed;
    this.observations = new Observations(b.seed);
    this.nStartupTrials = b.nStartupTrials;
    this.nEiCandidates = b.nEiCandidates;
    this.multivariate = b.multivariate;
    this.constantLiar = b.constantLiar;
    this.gamma = b.gamma;
    this.liarWeight = b.liarWeight;
    this.belowBandwidthFactor = b.belowBandwidthFactor;
    this.batchRecombination = b.batchRecombination;
    this.batchExtrapolation = b.batchExtrapolation;
    this.batchEarlyWidening = b.batchEarlyWidening;
    this.settings = new ParzenEstimator.Settings(b.weights, b.bandwidth, b.magicClip,
        b.priorWeight, b.categoricalSmoothing, b.kernelScale);
  }

  /** A builder with the default settings ({@link Preset#SPARKTUNE}, adaptive startup). */
  public static Builder builder() {
    return new Builder();
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** The startup trial count for {@code d} parameters. */
  int startupTrials(int d) {
    if (nStartupTrials >= 0) {
      return nStartupTrials;
    }
    return Math.min(10, Math.max(3, (d + 3) / 4));
  }

  private int blockSize(int d) {
    return nStartupTrials > 0 ? nStartupTrials : startupTrials(d);
  }

  /** The EI candidate count for {@code d} jointly modelled parameters. */
  int eiCandidates(int d) {
    return nEiCandidates > 0 ? nEiCandidates : Math.max(24, d * d);
  }

  @Override
  public synchronized SearchSpace inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
    if (!multivariate) {
      return SearchSpace.empty();
    }
    observations.refresh(study, trial.number());
    Map<String, Distribution> space = observations.intersection();
    int d = Math.max(1, space.size());
    if (space.isEmpty() || observations.startupBlock(trial.number(), startupTrials(d),
        blockSize(d)) > 0) {
      return SearchSpace.empty();
    }
    return SearchSpace.of(space);
  }

  @Override
  public synchronized Map<String, Object> sampleRelative(
      StudyView study, FrozenTrial trial, SearchSpace space) {
    if (space.isEmpty()) {
      return Map.of();
    }
    observations.refresh(study, trial.number());
    String[] names = space.params().keySet().toArray(new String[0]);
    Dim[] dims = new Dim[names.length];
    for (int i = 0; i < names.length; i++) {
      dims[i] = Dim.of(space.params().get(names[i]));
    }
    double[] best = propose(names, dims, Seeds.trialRandom(seed, trial.number()),
        jointBelowFactor(), names.length);
    Map<String, Object> out = new LinkedHashMap<>();
    double[] internal = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      internal[i] = dims[i].toInternal(best[i]);
      out.put(names[i], dims[i].distribution.toExternal(internal[i]));
    }
    observations.propose(trial.number(), dims, names, internal);
    return out;
  }

  @Override
  public synchronized Object sampleIndependent(
      StudyView study, FrozenTrial trial, String name, Distribution distribution) {
    observations.refresh(study, trial.number());
    int d = Math.max(1, observations.intersection().size());
    int block = observations.startupBlock(trial.number(), startupTrials(d), blockSize(d));
    if (block > 0) {
      return distribution.toExternal(
          SpaceFilling.internal(seed, trial.number(), name, distribution, block));
    }
    Dim dim = Dim.of(distribution);
    double[] best = propose(new String[] {name}, new Dim[] {dim},
        Seeds.paramRandom(seed, trial.number(), name), 1.0, d);
    double internal = dim.toInternal(best[0]);
    observations.propose(trial.number(), new Dim[] {dim}, new String[] {name},
        new double[] {internal});
    return distribution.toExternal(internal);
  }

  /**
   * The factor on the joint "below" bandwidths for the current ask: {@link #belowBandwidthFactor},
   * raised to {@link #EARLY_BATCH_BELOW_FACTOR} for the members of a burst after its first while
   * fewer than {@link #EARLY_BATCH_FINISHED} trials have finished ({@link
   * Builder#batchEarlyWidening}).
   */
  private double jointBelowFactor() {
    if (batchEarlyWidening && observations.burst() >= 1
        && observations.finishedCount() < EARLY_BATCH_FINISHED) {
      return Math.max(belowBandwidthFactor, EARLY_BATCH_BELOW_FACTOR);
    }
    return belowBandwidthFactor;
  }

  /**
   * The candidate with the largest {@code log l(x) − log g(x)}, in model space ({@code
   * spaceDims}: the number of parameters of the space, for {@link Extrapolation#applies}).
   */
  private double[] propose(String[] names, Dim[] dims, RandomGenerator rng, double lFactor,
      int spaceDims) {
    IntUnaryOperator below = gamma::below;
    Observations.Split split = observations.split(names, dims, below, constantLiar);
    Mixture l = ParzenEstimator.build(dims, split.below(), settings, 0, 1.0, lFactor);
    Mixture g = ParzenEstimator.build(dims, split.above(), settings, split.liars(), liarWeight,
        1.0);
    boolean batch = batchRecombination && !split.running().isEmpty() && split.below().length > 1;
    if (batch && batchExtrapolation && Extrapolation.applies(observations.burst(), spaceDims)) {
      Mixture ahead = Extrapolation.around(dims, split.below(), split.belowByRank(), rng);
      double[][] draws = ahead.sample(rng, eiCandidates(dims.length));
      for (double[] x : draws) {
        if (!split.repeatsRunning(x, dims) && !split.repeatsAny(x, dims)) {
          return x;
        }
      }
      return unseen(split, dims, rng, draws[0]);
    }
    Mixture from = batch ? Recombination.around(dims, split, settings, lFactor) : l;
    double[][] candidates = from.sample(rng, eiCandidates(dims.length));
    double[] ll = l.logPdf(candidates);
    double[] lg = g.logPdf(candidates);
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    int fallback = 0;
    double fallbackScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < candidates.length; c++) {
      double score = ll[c] - lg[c];
      if (Double.isNaN(score)) {
        continue;
      }
      if (score > fallbackScore) {
        fallbackScore = score;
        fallback = c;
      }
      if (score > bestScore && !split.repeatsRunning(candidates[c], dims)
          && !split.repeatsAny(candidates[c], dims)) {
        bestScore = score;
        best = c;
      }
    }
    return best >= 0 ? candidates[best] : unseen(split, dims, rng, candidates[fallback]);
  }

  /**
   * When every candidate repeats a trial in a finite space (a grid given as a space, where a
   * repeat only re-evaluates a configuration): a uniformly drawn point no trial has, else
   * {@code fallback} (the space is exhausted, or nearly).
   */
  private static double[] unseen(Observations.Split split, Dim[] dims, RandomGenerator rng,
      double[] fallback) {
    if (!split.repeatsAny(fallback, dims)) {
      return fallback;
    }
    double[] x = new double[dims.length];
    for (int attempt = 0; attempt < UNSEEN_DRAWS; attempt++) {
      for (int i = 0; i < dims.length; i++) {
        x[i] = dims[i].isCategorical() ? rng.nextInt(dims[i].choices)
            : dims[i].snap(dims[i].low + rng.nextDouble() * dims[i].range());
      }
      if (!split.repeatsAny(x, dims)) {
        return x;
      }
    }
    return fallback;
  }

  @Override
  public String toString() {
    return "TpeSampler(seed=" + seed + ", multivariate=" + multivariate + ", gamma=" + gamma
        + ", belowBandwidthFactor=" + belowBandwidthFactor + ", liarWeight=" + liarWeight
        + ", batchRecombination=" + batchRecombination
        + ", batchExtrapolation=" + batchExtrapolation
        + ", batchEarlyWidening=" + batchEarlyWidening + ", "
        + settings + ")";
  }

  /** Builds a {@link TpeSampler}; every setter checks its argument at once. */
  public static final class Builder {
    private long seed = new SplittableRandom().nextLong();
    private int nStartupTrials = -1;
    private int nEiCandidates = -1;
    private boolean multivariate;
    private boolean constantLiar = true;
    private double liarWeight = DEFAULT_LIAR_WEIGHT;
    private double belowBandwidthFactor;
    private boolean batchRecombination = true;
    private boolean batchExtrapolation = true;
    private boolean batchEarlyWidening = true;
    private Gamma gamma;
    private Weights weights;
    private Bandwidth bandwidth;
    private boolean magicClip;
    private double priorWeight = 1.0;
    private double categoricalSmoothing;
    private KernelScale kernelScale;

    private Builder() {
      preset(Preset.SPARKTUNE);
    }

    /**
     * Sets every estimator setting from {@code preset}, the below bandwidth factor included (seed,
     * startup and liar settings are kept).
     */
    public Builder preset(Preset preset) {
      require(preset != null, "preset must not be null, but got null");
      switch (preset) {
        case SPARKTUNE -> {
          multivariate = true;
          gamma = Gamma.LINEAR;
          weights = Weights.OPTUNA_RAMP;
          bandwidth = Bandwidth.SCOTT_PER_STEP;
          magicClip = true;
          priorWeight = 1.0;
          categoricalSmoothing = -1;
          kernelScale = KernelScale.DENSITY;
          belowBandwidthFactor = SPARKTUNE_BELOW_BANDWIDTH_FACTOR;
        }
        case OPTUNA -> {
          multivariate = false;
          gamma = Gamma.LINEAR;
          weights = Weights.OPTUNA_RAMP;
          bandwidth = Bandwidth.OPTUNA;
          magicClip = true;
          priorWeight = 1.0;
          categoricalSmoothing = -1;
          kernelScale = KernelScale.PEAK;
          belowBandwidthFactor = 1.0;
        }
        case WATANABE -> {
          multivariate = true;
          gamma = Gamma.SQRT;
          weights = Weights.UNIFORM;
          bandwidth = Bandwidth.SCOTT;
          magicClip = false;
          priorWeight = 1.0;
          categoricalSmoothing = 0.2;
          kernelScale = KernelScale.DENSITY;
          belowBandwidthFactor = 1.0;
        }
        default -> throw new AssertionError(preset);
      }
      return this;
    }

    /** The seed every proposal derives from (default: a random seed). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Trials drawn from the space-filling startup design before TPE starts (default: adaptive,
     * {@code min(10, max(3, ceil(d / 4)))} for {@code d} parameters: 3 up to 12 parameters, which
     * measured best at 10 and at 100 trials; docs/benchmarks-tpe.md).
     */
    public Builder nStartupTrials(int n) {
      require(n >= 0, "nStartupTrials must be >= 0, but got %d", n);
      this.nStartupTrials = n;
      return this;
    }

    /**
     * Candidates drawn from {@code l(x)} per proposal (default: adaptive, {@code max(24, d²)} for
     * {@code d} jointly modelled parameters, so 24 up to 4 parameters and for univariate proposals;
     * Optuna uses 24). The best of more joint candidates measured better in 7-10 dimensions.
     */
    public Builder nEiCandidates(int n) {
      require(n >= 1, "nEiCandidates must be >= 1, but got %d", n);
      this.nEiCandidates = n;
      return this;
    }

    /** Whether the parameters every trial has are modelled jointly. */
    public Builder multivariate(boolean multivariate) {
      this.multivariate = multivariate;
      return this;
    }

    /** Whether RUNNING trials count as bad observations (default true). */
    public Builder constantLiar(boolean constantLiar) {
      this.constantLiar = constantLiar;
      return this;
    }

    /**
     * The weight of a RUNNING trial's kernel in "above" (the constant liar), relative to a
     * finished trial's (default 0.1): a full weight pushes every later batch member away from the
     * region the earlier ones explore, a reduced one keeps them from repeating it while they still
     * exploit it; with batch recombination 0.1 measured better than 0.3, 1 and 0 for batches of 8
     * (docs/benchmarks-tpe.md, fifth round).
     */
    public Builder liarWeight(double w) {
      require(w >= 0 && w <= 1, "liarWeight must be in [0, 1], but got %s", w);
      this.liarWeight = w;
      return this;
    }

    /**
     * The factor on the bandwidths of the joint "below" estimator {@code l(x)} of a multivariate
     * proposal (default 0.4 in preset SPARKTUNE, 1 in the others; "above" keeps its bandwidths,
     * and parameters sampled independently keep theirs, where a factor of 0.4 measured much
     * worse): candidates are then drawn closer to the good observations and scored against a
     * smoother {@code g(x)}.
     */
    public Builder belowBandwidthFactor(double f) {
      require(f > 0 && f <= 1, "belowBandwidthFactor must be in (0, 1], but got %s", f);
      this.belowBandwidthFactor = f;
      return this;
    }

    /**
     * Whether a proposal made while trials run (a batch member after the first, or any ask with
     * trials in flight) draws its candidates around a recombined point instead of from {@code
     * l(x)} (default true; a trial asked with nothing running, so every sequential ask, is
     * unchanged): the centroid, with CMA-ES's log-rank weights, of the better half of the "below"
     * observations in the best one's basin (see {@code Recombination}). The candidates are still
     * scored by {@code l(x) / g(x)}, with the constant liar. Recombining the best points, as
     * evolution strategies do, moves a batch along a valley that {@code l(x)}'s kernels, each
     * sitting on one past point, only explore around: batches of 8 reached 0.7-1.1x the
     * sequential regret on Rosenbrock-10 instead of 4-6x (docs/benchmarks-tpe.md).
     */
    public Builder batchRecombination(boolean on) {
      this.batchRecombination = on;
      return this;
    }

    /**
     * Whether, with {@link #batchRecombination}, in spaces of at most 4 parameters, one ask in
     * every 8 of a burst (asks made from the same finished trials, as the members of a
     * synchronous round are: the 8th, 16th, ...) draws around a point extrapolated beyond the best
     * "below" observation, away from the mean of its basin, instead of around the recombined
     * point, and takes the draw unscored (default true; sequential asks, the first 7 of a burst
     * and asynchronous asks, each made after a new result, are unchanged). A round's q proposals
     * land close together, so the "below" set and its bandwidths shrink q times faster than
     * sequentially and a batch can crawl along a slope; the extrapolated member is a line-search
     * step along the drift. Batches of 8 reached 0.5-1.05x the sequential regret on Branin instead
     * of 1.2-2.0x; in 6-10 dimensions the drift is too noisy and it did not help
     * (docs/benchmarks-tpe.md, sixth round).
     */
    public Builder batchExtrapolation(boolean on) {
      this.batchExtrapolation = on;
      return this;
    }

    /**
     * Whether the asks of a burst after its first (the 2nd to q-th member of a synchronous round)
     * draw from a wider joint "below" estimator while fewer than 48 trials have finished: its
     * bandwidth factor is raised to at least 0.5 from {@link #belowBandwidthFactor}'s 0.4
     * (default true; sequential and asynchronous asks, the first member of a round, and every ask
     * from the 48th finished trial on are unchanged). Early rounds add q points close together
     * from a model of few observations, so the narrowed kernels make a batch settle in the first
     * basin it finds; the wider ones keep the early members apart until the model has data
     * (docs/benchmarks-tpe.md, seventh round).
     */
    public Builder batchEarlyWidening(boolean on) {
      this.batchEarlyWidening = on;
      return this;
    }

    /** The below/above split rule. */
    public Builder gamma(Gamma gamma) {
      require(gamma != null, "gamma must not be null, but got null");
      this.gamma = gamma;
      return this;
    }

    /** Observation weights by age. */
    public Builder weights(Weights weights) {
      require(weights != null, "weights must not be null, but got null");
      this.weights = weights;
      return this;
    }

    /** The bandwidth rule of numerical kernels. */
    public Builder bandwidth(Bandwidth bandwidth) {
      require(bandwidth != null, "bandwidth must not be null, but got null");
      this.bandwidth = bandwidth;
      return this;
    }

    /** Whether bandwidths are at least {@code range / min(100, 1 + kernels)} (Optuna). */
    public Builder magicClip(boolean magicClip) {
      this.magicClip = magicClip;
      return this;
    }

    /** The weight of the prior kernel (an observation weighs 1); 0 drops it. */
    public Builder priorWeight(double priorWeight) {
      require(priorWeight >= 0 && Double.isFinite(priorWeight),
          "priorWeight must be >= 0 and finite, but got %s", priorWeight);
      this.priorWeight = priorWeight;
      return this;
    }

    /**
     * The share {@code s} of a categorical kernel spread over all choices: the observed choice
     * gets {@code (1 + s/k)/(1 + s)}.
     */
    public Builder categoricalSmoothing(double s) {
      require(s >= 0 && Double.isFinite(s),
          "categoricalSmoothing must be >= 0 and finite, but got %s", s);
      this.categoricalSmoothing = s;
      return this;
    }

    /** How continuous kernels are scored in the acquisition function. */
    public Builder kernelScale(KernelScale kernelScale) {
      require(kernelScale != null, "kernelScale must not be null, but got null");
      this.kernelScale = kernelScale;
      return this;
    }

    /** The sampler. */
    public TpeSampler build() {
      return new TpeSampler(this);
    }
  }
}
