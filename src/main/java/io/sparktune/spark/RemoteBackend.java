package io.sparktune.spark;

import io.sparktune.space.Distribution;
import io.sparktune.trial.FixedBackend;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The backend of a trial inside a Spark task whose reports and pruning questions go to the
 * driver's live trial through a {@link PruningChannel}. Values, reports and user attributes are
 * also kept in {@code local}, so they come back with the task's result; a step already reported
 * is not sent again.
 */
final class RemoteBackend implements io.sparktune.trial.TrialBackend {
  private final FixedBackend local;
  private final PruningChannel.Client channel;
  private final int number;

  RemoteBackend(FixedBackend local, PruningChannel.Client channel, int number) {
    this.local = local;
    this.channel = channel;
    this.number = number;
  }

  @Override
  public Object propose(String name, Distribution distribution) {
    return local.propose(name, distribution);
  }

  @Override
  public boolean report(int step, double value) {
    if (!local.report(step, value)) {
      return false;
    }
    try {
      channel.report(number, step, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot report to the driver", e);
    }
    return true;
  }

  @Override
  public boolean shouldPrune() {
    try {
      return channel.shouldPrune(number);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask the driver whether to prune", e);
    }
  }

  @Override
  public void setUserAttr(String key, Object value) {
    local.setUserAttr(key, value);
  }
}
