package io.sparktune.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.spark.SharedSpark;
import io.sparktune.trial.FixedTrial;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The MLP objective on 300 training images of the bundled MNIST subset. */
@Tag("spark")
final class MlpObjectiveTest {
  private static MlpTask task;

  @BeforeAll
  static void data() {
    task = MlpTask.split(SharedSpark.session(), MnistIdx.bundledTrain(), MnistIdx.bundledTest(),
        0.2, 300, 7);
  }

  private static MlpObjective objective() {
    return new MlpObjective(task, MlpObjective.defaultSpace(), 3, 11);
  }

  private static Map<String, Object> small() {
    Map<String, Object> p = MlpObjective.defaults();
    p.put("units", 32L);
    return p;
  }

  @Test
  void split_sizesAndWidth() {
    assertThat(task.train().count()).isEqualTo(300);
    assertThat(task.validation().size()).isEqualTo(1601);
    assertThat(task.numFeatures()).isEqualTo(784);
    assertThat(task.numClasses()).isEqualTo(10);
  }

  @Test
  void train_twoEpochs_learnsWellAboveChance() throws Exception {
    long t0 = System.nanoTime();
    MlpObjective.Run run = objective().newRun();
    run.init(new FixedTrial(small()));

    double first = run.train(1);
    double second = run.train(2);

    System.out.printf("two epochs in %.2f s: %.3f %.3f%n", (System.nanoTime() - t0) / 1e9,
        first, second);
    assertThat(run.epochs()).isEqualTo(2);
    assertThat(second).isGreaterThan(0.5);
  }

  @Test
  void restore_resumedRunMatchesUninterruptedRun() throws Exception {
    MlpObjective obj = objective();
    MlpObjective.Run straight = obj.newRun();
    straight.init(new FixedTrial(small()));
    straight.train(1);
    double expected = straight.train(2);
    ByteArrayOutputStream expectedState = new ByteArrayOutputStream();
    straight.save(expectedState);

    MlpObjective.Run paused = obj.newRun();
    paused.init(new FixedTrial(small()));
    paused.train(1);
    ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
    paused.save(checkpoint);
    MlpObjective.Run resumed = obj.newRun();
    resumed.init(new FixedTrial(small()));
    resumed.restore(new ByteArrayInputStream(checkpoint.toByteArray()));
    double actual = resumed.train(2);
    ByteArrayOutputStream actualState = new ByteArrayOutputStream();
    resumed.save(actualState);

    // Spark's treeAggregate merges partition gradients in arrival order, so the last bits of a
    // weight can differ between two fits of the same data on a loaded machine: the header must be
    // identical and the weights equal to 1e-9 (relative), the accuracy within 1e-9.
    assertThat(actual).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    double[] want = weightsOf(expectedState.toByteArray());
    double[] got = weightsOf(actualState.toByteArray());
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.length; i++) {
      assertThat(got[i]).as("weight %d", i)
          .isCloseTo(want[i],
              org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(want[i]))));
    }
    int header = actualState.size() - 8 * got.length;
    assertThat(java.util.Arrays.copyOf(actualState.toByteArray(), header))
        .isEqualTo(java.util.Arrays.copyOf(expectedState.toByteArray(), header));
  }

  /** The weights of a checkpoint written by {@code Run.save}. */
  private static double[] weightsOf(byte[] state) throws java.io.IOException {
    java.io.DataInputStream d = new java.io.DataInputStream(new ByteArrayInputStream(state));
    d.readInt();
    d.readInt();
    int layers = d.readInt();
    for (int i = 0; i < layers; i++) {
      d.readInt();
    }
    double[] w = new double[d.readInt()];
    for (int i = 0; i < w.length; i++) {
      w[i] = d.readDouble();
    }
    return w;
  }

  @Test
  void restore_otherLayers_rejected() throws Exception {
    MlpObjective obj = objective();
    MlpObjective.Run run = obj.newRun();
    run.init(new FixedTrial(small()));
    run.train(1);
    ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
    run.save(checkpoint);
    Map<String, Object> other = small();
    other.put("units", 16L);
    MlpObjective.Run wrong = obj.newRun();
    wrong.init(new FixedTrial(other));

    assertThatThrownBy(() -> wrong.restore(new ByteArrayInputStream(checkpoint.toByteArray())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checkpoint layers must be the trial's [784, 16, 10], but got [784, 32, 10]");
  }

  @Test
  void train_budgetNotAhead_rejected() throws Exception {
    MlpObjective.Run run = objective().newRun();
    run.init(new FixedTrial(small()));
    run.train(1);

    assertThatThrownBy(() -> run.train(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget must be > the epochs trained (1), but got 1");
  }
}
