package io.sparktune.workload;

import static io.sparktune.internal.Checks.num;
import static io.sparktune.internal.Checks.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
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

  /**
   * A cached frame of {@code data}. The rows are built on the executors from a broadcast copy and
   * persisted there, so no task carries the data itself: a frame made straight from a local list
   * would ship its rows inside every task of every fit.
   */
  private static Dataset<Row> frame(SparkSession spark, LabeledData data, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LabeledData> shared = jsc.broadcast(data);
    List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
    int n = data.size();
    JavaRDD<Row> rows = jsc.parallelize(parts, partitions).flatMap(p -> {
      LabeledData d = shared.value();
      List<Row> out = new ArrayList<>();
      for (int i = (int) ((long) n * p / partitions); i < (long) n * (p + 1) / partitions; i++) {
        out.add(RowFactory.create((double) d.labels()[i], Vectors.dense(d.features()[i])));
      }
      return out.iterator();
    }).persist(StorageLevel.MEMORY_ONLY());
    rows.count();
    StructType schema = new StructType(new StructField[] {
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  /** Releases the cached training rows. */
  public void unpersist() {
    train.rdd().unpersist(false);
  }
}
