package io.sparktune.pruner;

import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Hyperband over asynchronous successive halving (Optuna's {@code HyperbandPruner}): several
 * brackets, each a {@link SuccessiveHalvingPruner} with its own early-stopping rate, and every trial
 * in exactly one bracket, where it competes only with that bracket's trials.
 *
 * <p>There are {@code floor(log_η(maxResource / minResource)) + 1} brackets; bracket {@code b} uses
 * early-stopping rate {@code b} and receives a share of the trials proportional to {@code
 * ceil(nBrackets · η^s / (s + 1))} with {@code s = nBrackets - 1 - b}. A trial's bracket is {@code
 * crc32("<studyName>_<trialNumber>")} (UTF-8) modulo the total share, so it is deterministic and
 * survives a restart: name the study to make pruning reproducible.
 *
 * <p>With {@code maxResource} "auto", nothing is pruned until a trial is COMPLETE; the maximum
 * resource is then its last step + 1 and kept. Unlike Optuna, the number of brackets is computed in
 * exact integer arithmetic ({@code log_3(243)} is 5 here, not 4.999… floored to 4).
 */
public final class HyperbandPruner implements Pruner {
  private final int minResource;
  private final int reductionFactor;
  private final int bootstrapCount;
  /** Set once, on the first prune call after the maximum resource is known. */
  private volatile Brackets brackets;

  private record Brackets(int maxResource, List<SuccessiveHalvingPruner> pruners,
      int[] budgets, int totalBudget) {}

  /**
   * A pruner with a fixed maximum resource.
   *
   * @param minResource steps of the first rung of bracket 0, {@code >= 1}
   * @param maxResource the last step a trial trains to, {@code >= minResource}
   * @param reductionFactor {@code η}, {@code >= 2}
   * @param bootstrapCount passed to each bracket's {@link SuccessiveHalvingPruner}
   * @throws IllegalArgumentException if an argument breaks its rule
   */
  public HyperbandPruner(int minResource, int maxResource, int reductionFactor,
      int bootstrapCount) {
    this(false, minResource, maxResource, reductionFactor, bootstrapCount);
  }

  /** Optuna's defaults: {@code minResource} 1, {@code maxResource} "auto", reduction factor 3. */
  public HyperbandPruner() {
    this(true, 1, 0, 3, 0);
  }

  private HyperbandPruner(boolean autoMax, int minResource, int maxResource, int reductionFactor,
      int bootstrapCount) {
    require(minResource >= 1, "minResource must be >= 1, but got %d", minResource);
    require(autoMax || maxResource >= minResource,
        "maxResource must be >= minResource (%d) or 'auto', but got %d", minResource,
        maxResource);
    require(reductionFactor >= 2, "reductionFactor must be >= 2, but got %d", reductionFactor);
    require(bootstrapCount >= 0, "bootstrapCount must be >= 0, but got %d", bootstrapCount);
    require(!(autoMax && bootstrapCount > 0),
        "bootstrapCount must be 0 when maxResource is 'auto', but got %d", bootstrapCount);
    this.minResource = minResource;
    this.reductionFactor = reductionFactor;
    this.bootstrapCount = bootstrapCount;
    if (!autoMax) {
      this.brackets = initBrackets(maxResource);
    }
  }

  /** A pruner whose maximum resource is the last step + 1 of the first COMPLETE trial. */
  public static HyperbandPruner withAutoMaxResource(int minResource, int reductionFactor) {
    return new HyperbandPruner(true, minResource, 0, reductionFactor, 0);
  }

  /**
   * A pruner from configuration text: {@code maxResource} is {@code "auto"} or a whole number.
   *
   * @throws IllegalArgumentException if an argument breaks its rule
   */
  public static HyperbandPruner of(int minResource, String maxResource, int reductionFactor,
      int bootstrapCount) {
    if (maxResource != null && maxResource.trim().toLowerCase(Locale.ROOT).equals("auto")) {
      return new HyperbandPruner(true, minResource, 0, reductionFactor, bootstrapCount);
    }
    int r = SuccessiveHalvingPruner.parsePositive("maxResource", maxResource);
    return new HyperbandPruner(false, minResource, r, reductionFactor, bootstrapCount);
  }

  /** The number of brackets, or 0 while {@code maxResource} is "auto" and not yet known. */
  public int nBrackets() {
    Brackets b = brackets;
    return b == null ? 0 : b.pruners().size();
  }

  @Override
  public boolean prune(StudyView study, FrozenTrial trial) {
    Brackets b = brackets;
    if (b == null) {
      b = tryInit(study);
      if (b == null) {
        return false;
      }
    }
    int id = bracketId(b, study.studyName(), trial.number());
    return b.pruners().get(id).prune(new BracketView(study, b, id), trial);
  }

  /** The bracket of trial {@code number} in study {@code studyName}, or -1 while unknown. */
  public int bracketOf(String studyName, int number) {
    Brackets b = brackets;
    return b == null ? -1 : bracketId(b, studyName, number);
  }

  private synchronized Brackets tryInit(StudyView study) {
    if (brackets != null) {
      return brackets;
    }
    int maxStep = -1;
    for (FrozenTrial t : study.trials(EnumSet.of(TrialState.COMPLETE))) {
      if (t.lastStep().isPresent()) {
        maxStep = Math.max(maxStep, t.lastStep().getAsInt());
      }
    }
    if (maxStep < 0) {
      return null;
    }
    brackets = initBrackets(maxStep + 1);
    return brackets;
  }

  private Brackets initBrackets(int maxResource) {
    // floor(log_η(max / min)) + 1, exactly: the largest k with min·η^k <= max, plus one
    int n = 1;
    long r = (long) minResource * reductionFactor;
    while (r <= maxResource) {
      n++;
      r *= reductionFactor;
    }
    List<SuccessiveHalvingPruner> pruners = new ArrayList<>();
    int[] budgets = new int[n];
    int total = 0;
    for (int id = 0; id < n; id++) {
      int s = n - 1 - id;
      budgets[id] = (int) Math.ceil(n * Math.pow(reductionFactor, s) / (s + 1));
      total += budgets[id];
      pruners.add(new SuccessiveHalvingPruner(minResource, reductionFactor, id, bootstrapCount));
    }
    return new Brackets(maxResource, List.copyOf(pruners), budgets, total);
  }

  private static int bracketId(Brackets b, String studyName, int number) {
    CRC32 crc = new CRC32();
    crc.update((studyName + "_" + number).getBytes(StandardCharsets.UTF_8));
    long n = crc.getValue() % b.totalBudget();
    for (int id = 0; id < b.budgets().length; id++) {
      n -= b.budgets()[id];
      if (n < 0) {
        return id;
      }
    }
    throw new AssertionError("bracket of trial " + number + " not found");
  }

  /** The study as one bracket sees it: only the trials of that bracket. */
  private static final class BracketView implements StudyView {
    private final StudyView study;
    private final Brackets brackets;
    private final int id;

    BracketView(StudyView study, Brackets brackets, int id) {
      this.study = study;
      this.brackets = brackets;
      this.id = id;
    }

    @Override
    public String studyName() {
      return study.studyName();
    }

    @Override
    public Direction direction() {
      return study.direction();
    }

    @Override
    public List<FrozenTrial> trials(Set<TrialState> states) {
      List<FrozenTrial> mine = new ArrayList<>();
      for (FrozenTrial t : study.trials(states)) {
        if (bracketId(brackets, study.studyName(), t.number()) == id) {
          mine.add(t);
        }
      }
      return mine;
    }

    @Override
    public void setTrialSystemAttr(FrozenTrial trial, String key, Object value) {
      study.setTrialSystemAttr(trial, key, value);
    }
  }

  @Override
  public String toString() {
    Brackets b = brackets;
    return "HyperbandPruner(minResource=" + minResource + ", maxResource="
        + (b == null ? "auto" : Integer.toString(b.maxResource())) + ", reductionFactor="
        + reductionFactor + ", bootstrapCount=" + bootstrapCount + ")";
  }
}
