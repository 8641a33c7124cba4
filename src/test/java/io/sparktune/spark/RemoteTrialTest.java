package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.pruner.ThresholdPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.study.Study;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FixedBackend;
import io.sparktune.trial.LogCapture;
import io.sparktune.trial.Trial;
import io.sparktune.trial.TrialContract;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TrialContract} for the remote backend: a task's trial over fixed values whose reports and
 * pruning questions go to the driver's live study trial through a real {@link PruningChannel} on
 * loopback (no Spark needed: the client is what a task deserializes).
 */
final class RemoteTrialTest implements TrialContract {
  /** The driver prunes a trial whose report is above 1. */
  private final Study study = Study.builder().name("remote-contract")
      .direction(Direction.MINIMIZE).sampler(new RandomSampler(3))
      .pruner(ThresholdPruner.upper(1.0)).build();
  private final Map<Integer, Trial> running = new ConcurrentHashMap<>();
  private final Map<Trial, FixedBackend> locals = new ConcurrentHashMap<>();
  private final PruningChannel channel = start();
  private final PruningChannel.Client client = channel.client();

  private PruningChannel start() {
    try {
      return PruningChannel.start("127.0.0.1", running::get);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    channel.close();
  }

  @Override
  public Trial newTrial() {
    Trial live = study.ask();
    running.put(live.number(), live);
    FixedBackend local = FixedBackend.of(VALUES);
    Trial t = new BackedTrial(live.number(), new RemoteBackend(local, client, live.number()));
    locals.put(t, local);
    return t;
  }

  @Override
  public boolean givesValues() {
    return true;
  }

  /** What the task keeps, which must be what the driver's trial got. */
  @Override
  public SortedMap<Integer, Double> reported(Trial trial) {
    SortedMap<Integer, Double> local = locals.get(trial).intermediateValues();
    assertThat(study.trial(trial.number()).intermediateValues()).isEqualTo(local);
    return local;
  }

  @Override
  public Map<String, Object> userAttrs(Trial trial) {
    return locals.get(trial).userAttrs();
  }

  @Test
  void shouldPrune_asksTheDriver_andReReportIsNotSent() {
    Trial t = newTrial();
    try (LogCapture log = LogCapture.of(BackedTrial.class)) {
      t.report(0.5, 0);
      assertThat(t.shouldPrune()).isFalse();
      t.report(2.0, 1);
      t.report(0.1, 1); // ignored here, so never sent: the driver's trial would warn as well
      assertThat(t.shouldPrune()).isTrue(); // the driver's ThresholdPruner saw 2.0 at step 1
      assertThat(log.lines()).containsExactly(String.format(WARNING, 1));
      assertThat(log.fromOtherThreads()).as("warnings of the driver's channel threads").isEmpty();
    }
    assertThat(study.trial(t.number()).intermediateValues())
        .containsExactly(Map.entry(0, 0.5), Map.entry(1, 2.0));
  }
}
