package io.sparktune.workload;

import static io.sparktune.util.Checks.num;
import static io.sparktune.util.Checks.require;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data of the neural-network workload: a training set as a cached DataFrame ({@code label}
 * double, {@code features} vector in [0, 1]) that MLlib fits on, a validation set held out of the
 * training images with a seeded stratified split, and the test set, which only the final
 * evaluation touches. Validation and test stay on the driver: scoring a few thousand images with
 * the fitted weights there is much cheaper than a Spark job per epoch.
 *
 * @param train the images trials train on
 * @param validation the images trials are scored on
 * @param test the held-out test images
 * @param numFeatures pixels per image
 * @param numClasses number of classes
 */
public record MlpTask(Dataset<Row> train, LabeledData validation, LabeledData test,
    int numFeatures, int numClasses) {

  /**
   * Splits {@code trainImages} into train and validation ({@code validationFraction} of each
   * class, seeded), keeping at most {@code maxTrain} training images (0: all), and caches the
   * training frame in {@code spark}.
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
    return new MlpTask(tr, trainImages.subset(h.test()), testImages, trainImages.width(),
        classes);
  }

  private static Dataset<Row> frame(SparkSession spark, LabeledData data, int partitions) {
    Dataset<Row> df = MllibForestEngine.toFrame(spark, data, null).drop("fold")
        .coalesce(partitions).cache();
    df.count();
    return df;
  }

  /** Releases the cached training frame. */
  public void unpersist() {
    train.unpersist();
  }
}
