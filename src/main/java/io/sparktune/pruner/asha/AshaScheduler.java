package io.sparktune.pruner.asha;

import static io.sparktune.internal.Checks.require;
import static io.sparktune.internal.Checks.requireState;

import io.sparktune.pruner.asha.AshaState.Member;
import io.sparktune.pruner.asha.AshaState.Rung;
import io.sparktune.pruner.asha.AshaState.TrialStatus;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asynchronous successive halving, <em>promotion</em> variant (Li et al., "A System for Massively
 * Parallel Hyperparameter Tuning", MLSys 2020, Algorithm 2), as a pure event machine: no threads,
 * no clock, no I/O. The caller runs the jobs and feeds back their results.
 *
 * <p>A trial spends a resource {@code r} (epochs, iterations, trees). Rung {@code k} has the
 * milestone {@code minResource · η^(s + k)} for {@code η = reductionFactor} and {@code s =
 * minEarlyStoppingRate}, for every such milestone below {@code maxResource}; the top rung's
 * milestone is {@code maxResource} itself. A trial trains up to its rung's milestone, reports
 * ({@link #onResult}), saves a checkpoint and pauses. Whenever a slot frees, {@link #nextJob()}
 * scans the rungs from the one below the top down to rung 0 and promotes the best paused trial
 * that lies in the top {@code n/η} of its rung's {@code n} members and was not promoted
 * from it yet; if there is none, it starts a new trial at rung 0. Nobody waits for a rung to fill.
 * The paper leaves the rounding of {@code n/η} open; {@link PromotionQuota} chooses it, by default
 * {@code ceil(n/η)} once a rung has {@code η} members or no new trial will start ({@link
 * #closeToNewTrials()}), which on the NN workload kept the best trial that the paper's {@code
 * floor(n/η)} lost on 4 of 5 seeds (measured in {@code docs/benchmarks-nn.md}).
 *
 * <p>Ranking: the study's direction is normalized once, NaN is worse than everything and never
 * promoted, and ties go to the lower trial number, so every decision is deterministic. A trial that
 * reaches the top rung is complete. Failed trials keep their place in the rungs they reached (they
 * count for {@code n} and may take a quota slot) but are never resumed.
 *
 * <p>Every decision is written as trial system attributes ({@link AshaAttrs}) through the {@link
 * AshaAttrs.Writer} given to the builder, before the method returns; {@link #rebuild} reads them
 * back, so a restarted driver continues where the old one stopped. All methods are thread-safe.
 *
 * <pre>{@code
 * AshaScheduler asha = AshaScheduler.builder().minResource(1).maxResource(27)
 *     .direction(Direction.MAXIMIZE).attrWriter(AshaAttrs.Writer.to(study)).build();
 * AshaJob job = asha.nextJob();           // StartNew(budget=1): ask a trial, train 1 epoch
 * asha.onStarted(trial.number());
 * asha.onResult(trial.number(), 0, acc);  // PAUSE: save a checkpoint, free the slot
 * }</pre>
 */
public final class AshaScheduler {
  private final int reductionFactor;
  private final PromotionQuota quota;
  private final Direction direction;
  private final int[] milestones;
  private final AshaAttrs.Writer writer;
  private final Map<Integer, TrialRecord> records = new HashMap<>();
  private final List<RungMembers> rungs = new ArrayList<>();
  private boolean closed;

  private AshaScheduler(Builder b, int[] milestones) {
    this.reductionFactor = b.reductionFactor;
    this.quota = b.quota;
    this.direction = b.direction;
    this.milestones = milestones;
    this.writer = b.writer;
    for (int k = 0; k < milestones.length; k++) {
      rungs.add(new RungMembers(k, byValueAt(k)));
    }
  }

  /** A builder; {@code maxResource} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The index of the top rung (its milestone is {@code maxResource}). */
  public int topRung() {
    return milestones.length - 1;
  }

  /** The milestone of each rung, from rung 0 to the top rung. */
  public List<Integer> milestones() {
    List<Integer> list = new ArrayList<>();
    for (int m : milestones) {
      list.add(m);
    }
    return Collections.unmodifiableList(list);
  }

  /** The milestone of {@code rung}. */
  public int milestone(int rung) {
    checkRung(rung);
    return milestones[rung];
  }

  /**
   * The rung whose milestone is {@code resource}.
   *
   * @throws IllegalArgumentException if {@code resource} is not a milestone
   */
  public int rungOf(int resource) {
    for (int k = 0; k < milestones.length; k++) {
      if (milestones[k] == resource) {
        return k;
      }
    }
    throw new IllegalArgumentException("resource must be one of the milestones "
        + milestones() + ", but got " + resource);
  }

  /** The study direction the scheduler ranks by. */
  public Direction direction() {
    return direction;
  }

  /** {@code η}. */
  public int reductionFactor() {
    return reductionFactor;
  }

  /**
   * Registers a trial that a {@link AshaJob.StartNew} job started (optional: {@link #onResult} at
   * rung 0 registers an unknown trial too, but a trial registered here shows as RUNNING and is
   * rebuilt as such).
   *
   * @throws IllegalStateException if the trial is already known
   */
  public synchronized void onStarted(int trialNumber) {
    require(trialNumber >= 0, "trialNumber must be >= 0, but got %d", trialNumber);
    requireState(!records.containsKey(trialNumber), "trial %d has already started", trialNumber);
    start(trialNumber);
  }

  private TrialRecord start(int trialNumber) {
    TrialRecord r = new TrialRecord(trialNumber);
    records.put(trialNumber, r);
    writer.setSystemAttr(trialNumber, AshaAttrs.TARGET_RUNG, 0);
    return r;
  }

  /**
   * Records that trial {@code trialNumber} trained to the milestone of {@code rung} and reported
   * {@code value} there.
   *
   * @return {@link AshaDecision#COMPLETE} at the top rung, {@link AshaDecision#STOP} for NaN,
   *     else {@link AshaDecision#PAUSE}
   * @throws IllegalArgumentException if the rung does not exist
   * @throws IllegalStateException if the trial was not sent to that rung (it is new and the rung
   *     is not 0, it already reported the rung, it was not promoted to it, or it failed)
   */
  public synchronized AshaDecision onResult(int trialNumber, int rung, double value) {
    require(trialNumber >= 0, "trialNumber must be >= 0, but got %d", trialNumber);
    checkRung(rung);
    TrialRecord r = records.get(trialNumber);
    if (r == null) {
      requireState(rung == 0, "trial %d must report rung 0 first, but got rung %d", trialNumber,
          rung);
      r = start(trialNumber);
    }
    requireState(!r.failed, "trial %d failed and cannot report rung %d", trialNumber, rung);
    requireState(rung > r.lastRung(), "trial %d already reported rung %d", trialNumber, rung);
    requireState(r.running(), "trial %d is paused at rung %d and was not promoted to rung %d",
        trialNumber, r.lastRung(), rung);
    requireState(rung == r.target, "trial %d must report rung %d (its target), but got rung %d",
        trialNumber, r.target, rung);
    r.values.add(value);
    rungs.get(rung).add(r);
    writer.setSystemAttr(trialNumber, AshaAttrs.rungKey(rung), AshaAttrs.encode(value));
    if (rung == topRung()) {
      return AshaDecision.COMPLETE;
    }
    return Double.isNaN(value) ? AshaDecision.STOP : AshaDecision.PAUSE;
  }

  /**
   * The job for a free slot: the next promotion if there is one ({@link #nextPromotion()}), else a
   * new trial at rung 0.
   */
  public synchronized AshaJob nextJob() {
    Optional<AshaJob.Promote> p = nextPromotion();
    return p.isPresent() ? p.get() : new AshaJob.StartNew(milestones[0], topRung());
  }

  /**
   * Promotes the best promotable paused trial, scanning from the rung below the top down to rung 0,
   * and marks it promoted (it is handed out once); empty if no trial can be promoted now.
   */
  public synchronized Optional<AshaJob.Promote> nextPromotion() {
    for (int k = topRung() - 1; k >= 0; k--) {
      TrialRecord r = bestPromotable(k);
      if (r != null) {
        r.target = k + 1;
        rungs.get(k).refresh(r);
        writer.setSystemAttr(r.number, AshaAttrs.TARGET_RUNG, k + 1);
        return Optional.of(new AshaJob.Promote(r.number, k, k + 1, milestones[k],
            milestones[k + 1], topRung()));
      }
    }
    return Optional.empty();
  }

  private TrialRecord bestPromotable(int rung) {
    return rungs.get(rung).bestPromotable(quota(rungs.get(rung).size()));
  }

  /** How many of a rung's {@code n} members may be promoted now ({@link PromotionQuota}). */
  private int quota(int n) {
    boolean up = switch (quota) {
      case FLOOR -> false;
      case CEIL_FROM_ETA -> closed || n >= reductionFactor;
      case CEIL -> true;
    };
    return up ? (n + reductionFactor - 1) / reductionFactor : n / reductionFactor;
  }

  /**
   * Tells the scheduler that no new trial will start in this run (the trial budget is spent or the
   * sampler is exhausted), so the rungs can now only grow from trials already in the study. Under
   * {@link PromotionQuota#CEIL_FROM_ETA} every rung then rounds its quota up. Not persisted:
   * {@link #rebuild} reopens the scheduler.
   */
  public synchronized void closeToNewTrials() {
    closed = true;
  }

  /** Whether {@link #closeToNewTrials()} was called since the scheduler was built or rebuilt. */
  public synchronized boolean isClosedToNewTrials() {
    return closed;
  }

  /**
   * Marks a trial failed (or finished by the caller): it stays in the rungs it reached and is never
   * resumed. Idempotent; an unknown trial is registered as failed.
   *
   * @throws IllegalStateException if the trial is complete
   */
  public synchronized void onFailed(int trialNumber) {
    require(trialNumber >= 0, "trialNumber must be >= 0, but got %d", trialNumber);
    TrialRecord r = records.get(trialNumber);
    if (r == null) {
      r = start(trialNumber);
    }
    requireState(r.lastRung() < topRung(), "trial %d is complete and cannot fail", trialNumber);
    if (!r.failed) {
      r.failed = true;
      if (r.lastRung() >= 0) {
        rungs.get(r.lastRung()).refresh(r);
      }
      writer.setSystemAttr(trialNumber, AshaAttrs.FAILED, true);
    }
  }

  /**
   * Takes back the job of a running trial that ended without a result through no fault of the
   * trial (a lost executor, a driver restart): the trial pauses again at its last rung and can be
   * promoted anew, resuming from the same checkpoint. A trial that has no rung yet has no
   * checkpoint to resume from and is marked failed instead.
   *
   * @throws IllegalStateException if the trial is unknown, failed or not running
   */
  public synchronized void onLost(int trialNumber) {
    TrialRecord r = records.get(trialNumber);
    requireState(r != null, "trial %d is unknown to the scheduler", trialNumber);
    requireState(!r.failed && r.running(), "trial %d is %s and cannot be lost", trialNumber,
        r.status(topRung()));
    if (r.lastRung() < 0) {
      onFailed(trialNumber);
      return;
    }
    r.target = r.lastRung();
    rungs.get(r.lastRung()).refresh(r);
    writer.setSystemAttr(trialNumber, AshaAttrs.TARGET_RUNG, r.target);
  }

  /** A snapshot of every rung and trial. */
  public synchronized AshaState state() {
    List<Rung> out = new ArrayList<>();
    List<List<Integer>> running = new ArrayList<>();
    for (int k = 0; k < milestones.length; k++) {
      running.add(new ArrayList<>());
    }
    Map<Integer, TrialStatus> statuses = new HashMap<>();
    for (TrialRecord r : records.values()) {
      statuses.put(r.number, r.status(topRung()));
      if (!r.failed && r.running()) {
        running.get(r.target).add(r.number);
      }
    }
    for (int k = 0; k < milestones.length; k++) {
      List<Member> members = new ArrayList<>();
      for (TrialRecord r : rungs.get(k).sorted()) {
        members.add(new Member(r.number, r.value(k), r.target > k));
      }
      int quota = k == topRung() ? 0 : quota(members.size());
      double cutoff = quota == 0 ? Double.NaN : members.get(quota - 1).value();
      List<Integer> run = running.get(k);
      Collections.sort(run);
      out.add(new Rung(k, milestones[k], members, quota, cutoff, run));
    }
    return new AshaState(out, statuses);
  }

  /**
   * Replaces the scheduler's state with the one recorded in {@code trials}' system attributes
   * ({@link AshaAttrs}); trials without them are ignored. Writes nothing. A trial that storage
   * shows FAIL, or finished (PRUNED, COMPLETE) although the scheduler would still resume it, is
   * taken as failed. Running trials stay running: call {@link #onLost} for those whose jobs died
   * with the old driver.
   *
   * @throws IllegalArgumentException if a trial's attributes contradict each other or the rungs
   */
  public synchronized void rebuild(List<FrozenTrial> trials) {
    records.clear();
    closed = false;
    for (RungMembers rung : rungs) {
      rung.clear();
    }
    for (FrozenTrial t : trials) {
      Map<String, Object> attrs = t.systemAttrs();
      if (attrs.keySet().stream().noneMatch(k -> k.startsWith(AshaAttrs.PREFIX))) {
        continue;
      }
      TrialRecord r = new TrialRecord(t.number());
      while (attrs.containsKey(AshaAttrs.rungKey(r.values.size()))) {
        require(r.values.size() <= topRung(),
            "trials must carry asha rungs up to %d, but got trial %d with rung %d", topRung(),
            t.number(), r.values.size());
        r.values.add(AshaAttrs.decode(attrs.get(AshaAttrs.rungKey(r.values.size()))));
      }
      Object target = attrs.get(AshaAttrs.TARGET_RUNG);
      r.target = target instanceof Number n ? n.intValue() : Math.max(0, r.lastRung());
      require(r.target >= Math.max(0, r.lastRung()) && r.target <= r.lastRung() + 1,
          "trials must carry %s in [%d, %d], but got trial %d with %d", AshaAttrs.TARGET_RUNG,
          Math.max(0, r.lastRung()), r.lastRung() + 1, t.number(), r.target);
      TrialStatus status = r.status(topRung());
      r.failed = AshaAttrs.flag(attrs.get(AshaAttrs.FAILED)) || t.state() == TrialState.FAIL
          || (t.state().isFinished()
              && (status == TrialStatus.PAUSED || status == TrialStatus.RUNNING));
      records.put(r.number, r);
      for (int k = 0; k <= r.lastRung(); k++) {
        rungs.get(k).add(r);
      }
    }
  }

  private void checkRung(int rung) {
    require(rung >= 0 && rung <= topRung(), "rung must be in [0, %d], but got %d", topRung(),
        rung);
  }

  /** Best first at rung {@code k}: by direction, NaN last, ties by lower trial number. */
  private Comparator<TrialRecord> byValueAt(int k) {
    return (a, b) -> {
      int c = compareLoss(direction.toLoss(a.value(k)), direction.toLoss(b.value(k)));
      return c != 0 ? c : Integer.compare(a.number, b.number);
    };
  }

  private static int compareLoss(double a, double b) {
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    if (na || nb) {
      return na == nb ? 0 : na ? 1 : -1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  @Override
  public String toString() {
    return "AshaScheduler(milestones=" + milestones() + ", reductionFactor=" + reductionFactor
        + ", promotionQuota=" + quota + ", direction=" + direction + ")";
  }

  /** Builds an {@link AshaScheduler}. */
  public static final class Builder {
    private int minResource = 1;
    private int maxResource;
    private int reductionFactor = 3;
    private PromotionQuota quota = PromotionQuota.CEIL_FROM_ETA;
    private int minEarlyStoppingRate;
    private Direction direction = Direction.MINIMIZE;
    private AshaAttrs.Writer writer = AshaAttrs.Writer.none();

    private Builder() {}

    /** {@code r}: the resource unit of the first milestone before {@code η^s} (default 1). */
    public Builder minResource(int minResource) {
      require(minResource >= 1, "minResource must be >= 1, but got %d", minResource);
      this.minResource = minResource;
      return this;
    }

    /** {@code R}: the resource a complete trial has spent, the top rung's milestone (required). */
    public Builder maxResource(int maxResource) {
      require(maxResource >= 1, "maxResource must be >= 1, but got %d", maxResource);
      this.maxResource = maxResource;
      return this;
    }

    /** {@code η} (default 3): about {@code 1/η} of each rung is promoted. */
    public Builder reductionFactor(int reductionFactor) {
      require(reductionFactor >= 2, "reductionFactor must be >= 2, but got %d", reductionFactor);
      this.reductionFactor = reductionFactor;
      return this;
    }

    /** How a rung's quota {@code n/η} is rounded (default {@link PromotionQuota#CEIL_FROM_ETA}). */
    public Builder promotionQuota(PromotionQuota quota) {
      require(quota != null, "promotionQuota must be one of %s, but got null",
          java.util.Arrays.toString(PromotionQuota.values()).toLowerCase(java.util.Locale.ROOT));
      this.quota = quota;
      return this;
    }

    /** {@code s} (default 0): rung 0's milestone is {@code r · η^s}. */
    public Builder minEarlyStoppingRate(int minEarlyStoppingRate) {
      require(minEarlyStoppingRate >= 0, "minEarlyStoppingRate must be >= 0, but got %d",
          minEarlyStoppingRate);
      this.minEarlyStoppingRate = minEarlyStoppingRate;
      return this;
    }

    /** The study's direction (default minimize). */
    public Builder direction(Direction direction) {
      require(direction != null, "direction must be one of [minimize, maximize], but got null");
      this.direction = direction;
      return this;
    }

    /** Where decisions are persisted (default: nowhere). */
    public Builder attrWriter(AshaAttrs.Writer writer) {
      require(writer != null, "attrWriter must not be null, but got null");
      this.writer = writer;
      return this;
    }

    /**
     * Builds the scheduler.
     *
     * @throws IllegalArgumentException if {@code maxResource} is below rung 0's milestone
     */
    public AshaScheduler build() {
      double first = minResource * Math.pow(reductionFactor, minEarlyStoppingRate);
      require(maxResource >= first,
          "maxResource must be >= minResource * reductionFactor^minEarlyStoppingRate (%d * %d^%d"
              + " = %s), but got %d", minResource, reductionFactor, minEarlyStoppingRate,
          Checks.num(first), maxResource);
      List<Integer> ms = new ArrayList<>();
      for (long m = (long) first; m < maxResource; m *= reductionFactor) {
        ms.add((int) m);
      }
      ms.add(maxResource);
      return new AshaScheduler(this, ms.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
