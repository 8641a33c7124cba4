package io.sparktune.workload;

import static io.sparktune.util.Checks.num;
import static io.sparktune.util.Checks.require;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data of the neural-network workload as cached DataFrames ({@code label} double, {@code
 * features} vector in [0, 1]): a training set, a validation set held out of the training images
 * with a seeded stratified split, and the test set, which only the final evaluation touches.
 *
 * @param train the images trials train on
 * @param validation the images trials are scored on
 * @param test the held-out test images
 * @param numFeatures pixels per image
 * @param numClasses number of classes
 */
public record MlpTask(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test,
    int numFeatures, int numClasses) {

  /**
   * Splits {@code trainImages} into train and validation ({@code validationFraction} of each
   * class, seeded), keeping at most {@code maxTrain} training images (0: all), and caches the
   * three frames in {@code spark}.
   */
  public static MlpTask split(SparkSession spark, LabeledData trainImages, LabeledData testImages,
      double validationFraction, int maxTrain, long seed) {
    require(validationFraction > 0 && validationFraction < 1,
        "validationFraction must be in (0, 1), but got %s", num(validationFraction));
    require(maxTrain >= 0, "maxTrain must be >= 0, but got %d", maxTrain);
    require(trainImages.width() == testImages.width(),
        "test images must have %d pixels like the training images, but got %d",
        trainImages.width(), testImages.width());
    int classes = Math.max(trainImages.numClasses(), testImages.numClasses());
    Splits.Holdout h = Splits.holdout(trainImages.labels(), classes, validationFraction, seed);
    int[] train = h.train();
    if (maxTrain > 0 && maxTrain < train.length) {
      // A stratified subset: hold out all but maxTrain of the training part, same seed.
      LabeledData part = trainImages.subset(train);
      Splits.Holdout sub = Splits.holdout(part.labels(), classes,
          1.0 - (double) maxTrain / train.length, seed + 1);
      int[] keep = sub.train();
      train = Arrays.stream(keep).map(i -> h.train()[i]).toArray();
    }
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> tr = frame(spark, trainImages.subset(train), partitions);
    Dataset<Row> va = frame(spark, trainImages.subset(h.test()), partitions);
    Dataset<Row> te = frame(spark, testImages, partitions);
    return new MlpTask(tr, va, te, trainImages.width(), classes);
  }

  private static Dataset<Row> frame(SparkSession spark, LabeledData data, int partitions) {
    Dataset<Row> df = MllibForestEngine.toFrame(spark, data, null).drop("fold")
        .coalesce(partitions).cache();
    df.count();
    return df;
  }

  /** Releases the cached frames. */
  public void unpersist() {
    train.unpersist();
    validation.unpersist();
    test.unpersist();
  }
}
