package com.acme;

import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.study.Objective;
import io.sparktune.trial.FixedTrial;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.Trial;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.Prepared;
import io.sparktune.workload.Workload;
import io.sparktune.workload.WorkloadContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A user's workload that needs the SparkSession, as a user would write it: it makes its own
 * DataFrame (a seeded synthetic churn table), and each trial is an MLlib logistic-regression fit
 * scored by validation AUC; the best parameters are refit and scored on a held-out test split.
 * Named in a config by {@code workload: {class: com.acme.ChurnWorkload, rows: 600}}.
 */
public class ChurnWorkload implements Workload {
  private int rows;
  private long seed;

  @Override
  public String type() {
    return "churn";
  }

  @Override
  public void configure(WorkloadContext context) {
    ConfigNode n = context.section();
    n.onlyKnown(List.of("rows"));
    rows = n.integer("rows", 600L, 50);
    seed = context.seed();
  }

  @Override
  public Prepared prepare(SparkSession spark, String mode, PrintStream out) {
    out.println("Generating " + rows + " churn rows ...");
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double tenure = random.nextDouble();
      double calls = random.nextDouble();
      double churn = 2 * calls - 1.5 * tenure + 0.8 * random.nextGaussian() > 0 ? 1 : 0;
      data.add(RowFactory.create(churn, Vectors.dense(tenure, calls)));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty())});
    Dataset<Row>[] split = spark.createDataFrame(data, schema)
        .randomSplit(new double[] {0.6, 0.2, 0.2}, seed);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> valid = split[1].cache();
    Dataset<Row> test = split[2].cache();
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
    Objective objective = trial -> auc.evaluate(fit(trial, train).transform(valid));
    return new Prepared() {
      @Override public Objective objective() {
        return objective;
      }

      @Override public String refit() {
        return "refit on the training split";
      }

      @Override public Score score(Map<String, Object> params) {
        return Score.test(auc.evaluate(fit(new FixedTrial(params), train).transform(test)));
      }

      @Override public String valueName() {
        return "validation AUC";
      }

      @Override public String testMetric() {
        return "areaUnderROC";
      }

      @Override public void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {
        summary.put("rows", rows);
      }
    };
  }

  private static org.apache.spark.ml.classification.LogisticRegressionModel fit(Trial trial,
      Dataset<Row> train) {
    return new LogisticRegression()
        .setRegParam(trial.suggestFloat("regParam", FloatDistribution.logUniform(1e-4, 1)))
        .setMaxIter((int) trial.suggestInt("maxIter", IntDistribution.uniform(2, 10)))
        .fit(train);
  }
}
