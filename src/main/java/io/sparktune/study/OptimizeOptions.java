package io.sparktune.study;

import static io.sparktune.internal.Checks.require;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Study#optimize} runs.
 *
 * @param nTrials trials to run in this call (at least 1); {@code Integer.MAX_VALUE} means until
 *     {@code timeout} or {@link Study#stop}
 * @param timeout no new trial starts after this much wall time; null for none
 * @param parallelism trials run at once on local threads (at least 1)
 * @param trialTimeout a trial still running after this long fails; null for none
 * @param callbacks called after each finished trial
 */
public record OptimizeOptions(
    int nTrials,
    Duration timeout,
    int parallelism,
    Duration trialTimeout,
    List<StudyCallback> callbacks) {

  public OptimizeOptions {
    require(nTrials >= 1, "nTrials must be >= 1, but got %d", nTrials);
    require(parallelism >= 1, "parallelism must be >= 1, but got %d", parallelism);
    callbacks = List.copyOf(callbacks);
  }

  /** {@code nTrials} trials, one at a time, no timeouts. */
  public static OptimizeOptions trials(int nTrials) {
    return builder().nTrials(nTrials).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link OptimizeOptions}. */
  public static final class Builder {
    private int nTrials = Integer.MAX_VALUE;
    private Duration timeout;
    private int parallelism = 1;
    private Duration trialTimeout;
    private final List<StudyCallback> callbacks = new ArrayList<>();

    private Builder() {}

    public Builder nTrials(int n) {
      this.nTrials = n;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder trialTimeout(Duration trialTimeout) {
      this.trialTimeout = trialTimeout;
      return this;
    }

    public Builder callback(StudyCallback callback) {
      this.callbacks.add(callback);
      return this;
    }

    public OptimizeOptions build() {
      require(nTrials != Integer.MAX_VALUE || timeout != null,
          "nTrials or timeout must be set, but got neither");
      return new OptimizeOptions(nTrials, timeout, parallelism, trialTimeout, callbacks);
    }
  }
}
