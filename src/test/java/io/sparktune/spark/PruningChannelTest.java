package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.pruner.MedianPruner;
import io.sparktune.sampler.RandomSampler;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.study.Study;
import io.sparktune.trial.Direction;
import io.sparktune.trial.BackedTrial;
import io.sparktune.trial.FixedBackend;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The authenticated pruning channel between Spark tasks and the driver, on local[2,2]. */
@Tag("spark")
final class PruningChannelTest {
  private static final SearchSpace SPACE =
      SearchSpace.builder().add("x", FloatDistribution.uniform(0, 1)).build();
  /** Static: tasks run in this JVM in local mode. */
  static final CountDownLatch FIRST_ASKED = new CountDownLatch(1);
  static final CountDownLatch OTHER_DONE = new CountDownLatch(1);

  private static Study study(String name) {
    return Study.builder().name(name).direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(1)).pruner(new MedianPruner(0, 0, 1, 1)).build();
  }

  private static PruningChannel channel(Map<Integer, Trial> running) throws IOException {
    String host = PruningChannel.driverBindAddress(SharedSpark.session().sparkContext().conf());
    return PruningChannel.start(host, running::get);
  }

  @Test
  void task_decidesWithReportsMadeAfterDispatch() throws Exception {
    Study study = study("channel-fresh");
    Map<Integer, Trial> running = new ConcurrentHashMap<>();
    Trial other = study.ask(SPACE);
    Trial mine = study.ask(SPACE);
    running.put(other.number(), other);
    running.put(mine.number(), mine);
    try (PruningChannel channel = channel(running)) {
      assertThat(channel.address().getAddress().isLoopbackAddress()).isTrue();
      PruningChannel.Client client = channel.client();
      int number = mine.number();
      Map<String, Object> params = mine.params();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
          SharedSpark.session().sparkContext());
      Thread driverSide = new Thread(() -> {
        try {
          FIRST_ASKED.await(60, TimeUnit.SECONDS);
          other.report(0.1, 0);
          study.tell(other, 0.1);
          OTHER_DONE.countDown();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      driverSide.start();

      List<String> out = jsc.parallelize(List.of(number), 1).map(n -> {
        Trial t = new BackedTrial(n, new RemoteBackend(FixedBackend.of(params), client, n));
        t.report(0.9, 0);
        boolean before = t.shouldPrune(); // no finished trial yet: keep going
        FIRST_ASKED.countDown();
        OTHER_DONE.await(60, TimeUnit.SECONDS);
        boolean after = t.shouldPrune(); // the other trial finished better at step 0
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          t.shouldPrune();
        }
        double micros = (System.nanoTime() - t0) / 1e3 / 200;
        client.close();
        return before + " " + after + " " + micros;
      }).collect();
      driverSide.join();

      String[] r = out.get(0).split(" ");
      System.out.printf("pruning channel: mean shouldPrune round trip %.0f us%n",
          Double.parseDouble(r[2]));
      assertThat(r[0]).isEqualTo("false");
      assertThat(r[1]).isEqualTo("true");
      FrozenTrial stored = study.trial(number);
      assertThat(stored.intermediateValues()).containsEntry(0, 0.9);
      assertThat(channel.rejectedConnections()).isZero();
      assertThat(channel.servedRequests()).isEqualTo(203);
    }
  }

  @Test
  void sparkStudyRunner_tasksWithMedianPruner_prunedOnExecutors() {
    Study study = Study.builder().name("channel-runner").direction(Direction.MINIMIZE)
        .sampler(new RandomSampler(9)).pruner(new MedianPruner(2, 0, 1, 1)).build();
    SparkStudyRunner runner = new SparkStudyRunner(study, SharedSpark.session(),
        SparkStudyRunner.Options.tasks(12));

    runner.run(t -> {
      double x = t.suggestFloat("x", FloatDistribution.uniform(0, 1));
      for (int step = 0; step < 5; step++) {
        t.report(x, step);
        if (t.shouldPrune()) {
          throw new io.sparktune.trial.TrialPrunedException("pruned at " + step);
        }
        Thread.sleep(10);
      }
      return x;
    }, SPACE);

    List<FrozenTrial> trials = study.trials();
    assertThat(trials).hasSize(12).allMatch(t -> t.state().isFinished());
    List<FrozenTrial> pruned = trials.stream()
        .filter(t -> t.state() == io.sparktune.trial.TrialState.PRUNED).toList();
    // A pruned trial keeps its last report as its value; most stop before their last step (one
    // running alongside the first completions may be pruned at its last step).
    assertThat(pruned).isNotEmpty().allMatch(t -> t.value() != null
        && t.value().equals(t.intermediateValues().get(t.intermediateValues().lastKey())));
    assertThat(pruned).anyMatch(t -> t.intermediateValues().size() < 5);
    assertThat(trials.stream().filter(t -> t.state() == io.sparktune.trial.TrialState.COMPLETE))
        .allMatch(t -> t.intermediateValues().size() == 5);
  }

  @Test
  void client_wrongSecret_rejectedBeforeAnyRequest() throws Exception {
    Study study = study("channel-wrong-secret");
    Trial trial = study.ask(SPACE);
    try (PruningChannel channel = channel(Map.of(trial.number(), trial))) {
      PruningChannel.Client good = channel.client();
      PruningChannel.Client bad = new PruningChannel.Client(
          channel.address().getAddress().getHostAddress(), channel.address().getPort(),
          new byte[32]);

      assertThatThrownBy(() -> bad.report(trial.number(), 0, 0.5))
          .isInstanceOf(IOException.class).hasMessage("pruning channel refused the secret");
      assertThat(study.trial(trial.number()).intermediateValues()).isEmpty();
      assertThat(channel.rejectedConnections()).isEqualTo(1);
      good.report(trial.number(), 0, 0.5);
      assertThat(study.trial(trial.number()).intermediateValues()).containsEntry(0, 0.5);
      good.close();
    }
  }

  @Test
  void rawRequest_withoutHandshake_rejectedAndClosed() throws Exception {
    Study study = study("channel-raw");
    Trial trial = study.ask(SPACE);
    try (PruningChannel channel = channel(Map.of(trial.number(), trial));
        Socket s = new Socket(channel.address().getAddress(), channel.address().getPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] frame = new byte[32]; // a REPORT request where the answer to the nonce belongs
      frame[0] = PruningChannel.OP_REPORT;
      out.write(frame);
      out.flush();

      assertThat(in.readInt()).isEqualTo(PruningChannel.MAGIC);
      assertThat(in.readInt()).isEqualTo(PruningChannel.VERSION);
      in.readFully(new byte[16]);
      assertThat(in.readByte()).isEqualTo(PruningChannel.REJECTED);
      assertThat(in.read()).isEqualTo(-1); // closed
      assertThat(channel.rejectedConnections()).isEqualTo(1);
      assertThat(channel.servedRequests()).isZero();
      assertThat(study.trial(trial.number()).intermediateValues()).isEmpty();
    }
  }

  @Test
  void client_unknownTrial_refused() throws Exception {
    try (PruningChannel channel = channel(Map.of())) {
      PruningChannel.Client client = channel.client();
      assertThatThrownBy(() -> client.shouldPrune(4)).isInstanceOf(IOException.class)
          .hasMessage("trial 4 must be running on the driver, but got a trial that is not");
      client.close();
    }
  }

  @Test
  void mac_dependsOnSecretAndNonce() {
    byte[] a = PruningChannel.mac(new byte[32], new byte[16]);
    byte[] nonce = new byte[16];
    nonce[0] = 1;
    assertThat(a).hasSize(32);
    assertThat(Arrays.equals(a, PruningChannel.mac(new byte[32], nonce))).isFalse();
    byte[] secret = new byte[32];
    secret[0] = 1;
    assertThat(Arrays.equals(a, PruningChannel.mac(secret, new byte[16]))).isFalse();
  }
}
