package io.sparktune.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A {@link TrialExecutor} on {@link VirtualTicker} time: a work takes {@code duration(work)}
 * virtual milliseconds, then its body runs on the driver's thread ({@link Work#runHere()}) unless
 * {@code script} gives another outcome (a lost task). Records what ran at once and what was
 * cancelled.
 */
final class FakeExecutor implements TrialExecutor {
  private final VirtualTicker ticker;
  private final Function<Work, Long> duration;
  private final Function<Work, Outcome> script;
  private IntSupplier slots;
  private int lookahead;
  private final Map<Integer, Runnable> running = new HashMap<>();
  final List<Integer> cancelled = new ArrayList<>();
  final List<Work> submitted = new ArrayList<>();
  int maxRunning;
  /** What {@link #stopped()} says: a test sets it to stage a process going down. */
  boolean stopped;

  FakeExecutor(VirtualTicker ticker, int slots, Function<Work, Long> duration,
      Function<Work, Outcome> script) {
    this.ticker = ticker;
    this.slots = () -> slots;
    this.duration = duration;
    this.script = script;
  }

  FakeExecutor slots(IntSupplier slots) {
    this.slots = slots;
    return this;
  }

  FakeExecutor lookahead(int lookahead) {
    this.lookahead = lookahead;
    return this;
  }

  @Override
  public int slots() {
    return slots.getAsInt();
  }

  @Override
  public boolean stopped() {
    return stopped;
  }

  @Override
  public int lookahead() {
    return lookahead;
  }

  @Override
  public void submit(Work work, Consumer<Outcome> done) {
    submitted.add(work);
    Runnable finish = new Runnable() {
      @Override
      public void run() {
        running.remove(work.number());
        Outcome o = script.apply(work);
        done.accept(virtualTimes(o != null ? o : work.runHere()));
      }
    };
    running.put(work.number(), finish);
    maxRunning = Math.max(maxRunning, running.size());
    ticker.schedule(ticker.nanoTime() + duration.apply(work) * 1_000_000L, finish);
  }

  @Override
  public void cancel(Work work) {
    Runnable r = running.remove(work.number());
    if (r != null) {
      ticker.cancel(r);
      cancelled.add(work.number());
    }
  }

  @Override
  public void cancelAll() {
    new ArrayList<>(running.keySet()).forEach(n -> {
      ticker.cancel(running.remove(n));
      cancelled.add(n);
    });
  }

  /** The outcome without wall-clock times: the driver measures the work on virtual time. */
  private static Outcome virtualTimes(Outcome o) {
    Outcome.Info i = o.info();
    Outcome.Info v = new Outcome.Info(i.reports(), i.userAttrs(), i.systemAttrs(), 0, 0);
    if (o instanceof Outcome.Completed c) {
      return new Outcome.Completed(c.value(), v);
    } else if (o instanceof Outcome.Pruned p) {
      return new Outcome.Pruned(p.reason(), v);
    } else if (o instanceof Outcome.Failed f) {
      return new Outcome.Failed(f.reason(), v);
    }
    return new Outcome.Lost(((Outcome.Lost) o).reason(), v);
  }

  /** Work running now. */
  int running() {
    return running.size();
  }
}
