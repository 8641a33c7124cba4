package io.sparktune.spark;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A trial inside a Spark task whose reports and pruning questions go to the driver's live trial
 * through a {@link PruningChannel}; parameters and user attributes stay with {@code local} (which
 * also keeps the reports, so they come back with the task's result).
 */
final class RemoteTrial implements Trial {
  private final Trial local;
  private final PruningChannel.Client channel;

  RemoteTrial(Trial local, PruningChannel.Client channel) {
    this.local = local;
    this.channel = channel;
  }

  @Override
  public int number() {
    return local.number();
  }

  @Override
  public double suggestFloat(String name, FloatDistribution distribution) {
    return local.suggestFloat(name, distribution);
  }

  @Override
  public long suggestInt(String name, IntDistribution distribution) {
    return local.suggestInt(name, distribution);
  }

  @Override
  public Object suggestCategorical(String name, CategoricalDistribution distribution) {
    return local.suggestCategorical(name, distribution);
  }

  @Override
  public void report(double value, int step) {
    local.report(value, step);
    try {
      channel.report(number(), step, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot report to the driver", e);
    }
  }

  @Override
  public boolean shouldPrune() {
    try {
      return channel.shouldPrune(number());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask the driver whether to prune", e);
    }
  }

  @Override
  public void setUserAttr(String key, Object value) {
    local.setUserAttr(key, value);
  }

  @Override
  public Map<String, Object> params() {
    return local.params();
  }
}
