package io.sparktune.workload;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code mllib} engine: Spark MLlib's {@code RandomForestClassifier}, each fit a distributed
 * Spark job started from the driver. MLlib limits depth to {@value #MAX_DEPTH}: deeper requests are
 * capped, and the study says so.
 */
public final class MllibForestEngine implements ForestEngine {
  private static final long serialVersionUID = 1L;
  /** MLlib's maximum tree depth. */
  public static final int MAX_DEPTH = 30;

  private final transient Dataset<Row> train;
  private final transient Dataset<Row> test;
  /** Per fold: the rows to fit on and the rows to score, cached once per study. */
  private final transient List<Dataset<Row>> foldFit = new ArrayList<>();
  private final transient List<Dataset<Row>> foldValid = new ArrayList<>();
  private final transient MulticlassClassificationEvaluator accuracy =
      new MulticlassClassificationEvaluator().setMetricName("accuracy");

  /** Turns the task into cached DataFrames of the given session. */
  public MllibForestEngine(SparkSession spark, ForestTask task) {
    this.train = toFrame(spark, task.train(), task.folds()).cache();
    this.test = toFrame(spark, task.test(), null).cache();
    train.count();
    test.count();
    for (int k = 0; k < task.k(); k++) {
      foldFit.add(train.filter(functions.col("fold").notEqual(k)).cache());
      foldValid.add(train.filter(functions.col("fold").equalTo(k)).cache());
    }
  }

  /** A DataFrame (label double, features vector, fold int) of the data. */
  public static Dataset<Row> toFrame(SparkSession spark, LabeledData data, int[] folds) {
    StructType schema = new StructType(new StructField[] {
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty()),
        new StructField("fold", DataTypes.IntegerType, false, Metadata.empty())});
    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      rows.add(RowFactory.create((double) data.labels()[i], Vectors.dense(data.features()[i]),
          folds == null ? -1 : folds[i]));
    }
    return spark.createDataFrame(rows, schema);
  }

  @Override
  public String name() {
    return "mllib";
  }

  @Override
  public int effectiveDepth(int maxDepth) {
    return Math.min(maxDepth, MAX_DEPTH);
  }

  @Override
  public double foldAccuracy(ForestParams params, int k) {
    return accuracy.evaluate(model(params, foldFit.get(k)).transform(foldValid.get(k)));
  }

  @Override
  public double testAccuracy(ForestParams params) {
    return accuracy.evaluate(model(params, train).transform(test));
  }

  private RandomForestClassificationModel model(ForestParams params, Dataset<Row> data) {
    return new RandomForestClassifier()
        .setNumTrees(params.numTrees())
        .setMaxDepth(effectiveDepth(params.maxDepth()))
        .setSeed(params.seed())
        .fit(data);
  }
}
