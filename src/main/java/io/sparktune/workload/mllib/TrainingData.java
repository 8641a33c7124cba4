package io.sparktune.workload.mllib;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.workload.mllib.MllibConfig.Source;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The training and test rows of an mllib workload, read with Spark's data sources and made ready
 * to fit: the columns checked against the config (label, features, fold column), a string label
 * of a classification evaluator indexed in place (StringIndexer, most frequent class 0), the
 * feature columns assembled into one vector (VectorAssembler), and the test rows held out by a
 * seeded random split or read from their own source.
 *
 * @param rawTrain the training rows as read (what the saved model takes)
 * @param train the training rows to fit on
 * @param test the test rows to score on (prepared like {@code train})
 * @param labelCol the label column (indexed in place if it was a string), or null
 * @param featuresCol the vector column estimators fit on, or null (a pipeline's own columns)
 * @param before the stages the saved model runs before the fitted model (the assembler)
 * @param after the stages it runs after it (IndexToString back to the label's strings)
 * @param classes the label's strings by index, or null if it was not indexed
 */
record TrainingData(Dataset<Row> rawTrain, Dataset<Row> train, Dataset<Row> test,
    String labelCol, String featuresCol, List<PipelineStage> before, List<PipelineStage> after,
    List<String> classes) {

  /** The assembled vector column when the data has no column of that name. */
  static final String FEATURES = "features";
  /** The column of the saved model's predictions as label strings. */
  static final String PREDICTED_LABEL = "predictedLabel";

  /**
   * Reads and prepares the data of {@code c}; {@code assemble} is false for a pipeline, which
   * gets the columns as read unless {@code features} lists some.
   *
   * @throws io.sparktune.workload.BadInputException naming the field of a missing column, a
   *     column of the wrong type, or data Spark cannot read
   */
  static TrainingData load(SparkSession spark, MllibConfig c, boolean assemble, long seed,
      PrintStream out) {
    out.println("Loading " + c.data().field() + " " + c.data().describe() + " ...");
    Dataset<Row> all = read(spark, c.data());
    Dataset<Row> rawTest = null;
    if (c.test() != null) {
      out.println("Loading " + c.test().field() + " " + c.test().describe() + " ...");
      rawTest = read(spark, c.test());
    }
    String label = c.label();
    StructType schema = all.schema();
    if (label != null) {
      column(schema, label, "workload.data.label");
    }
    String foldCol = c.validation().foldCol();
    if (foldCol != null) {
      column(schema, foldCol, "workload.validation.foldCol");
    }
    List<String> featureCols = c.features();
    String vector = c.featuresCol();
    if (vector != null) {
      DataType t = column(schema, vector, "workload.data.featuresCol").dataType();
      if (!t.equals(SQLDataTypes.VectorType())) {
        throw error("workload.data.featuresCol must name a vector column, but '%s' is %s (list"
            + " numeric columns in workload.data.features to assemble them)", vector,
            t.simpleString());
      }
    } else if (featureCols != null) {
      for (String f : featureCols) {
        checkFeature(column(schema, f, "workload.data.features"), "workload.data.features", c);
      }
    } else if (assemble) {
      featureCols = new ArrayList<>();
      for (StructField f : schema.fields()) {
        if (!f.name().equals(label) && !f.name().equals(foldCol)) {
          featureCols.add(f.name());
        }
      }
      if (featureCols.size() == 1 && schema.apply(featureCols.get(0)).dataType()
          .equals(SQLDataTypes.VectorType())) { // libsvm: label and one vector column
        vector = featureCols.get(0);
        featureCols = null;
      } else {
        if (featureCols.isEmpty()) {
          throw error("workload.data.features must name at least one column, but the data has"
              + " only %s", Arrays.toString(schema.fieldNames()));
        }
        for (String f : featureCols) {
          checkFeature(schema.apply(f), "workload.data.features (left out: every column but the"
              + " label)", c);
        }
      }
    }
    if (rawTest != null) {
      requireSameColumns(schema, rawTest.schema(), label, featureCols, vector);
    }

    Dataset<Row> rawTrain = all;
    if (rawTest == null) {
      Dataset<Row>[] split = all.randomSplit(new double[] {1 - c.testFraction(),
          c.testFraction()}, seed);
      rawTrain = split[0];
      rawTest = split[1];
    }
    List<PipelineStage> before = new ArrayList<>();
    List<PipelineStage> after = new ArrayList<>();
    List<String> classes = null;
    Dataset<Row> train = rawTrain;
    Dataset<Row> test = rawTest;
    if (label != null) {
      DataType t = schema.apply(label).dataType();
      boolean classification = c.evaluator().classification();
      if (t instanceof StringType && classification) {
        Dataset<Row> labels = rawTrain.select(label).union(rawTest.select(label));
        StringIndexerModel indexer = new StringIndexer().setInputCol(label)
            .setOutputCol(label + "__indexed").fit(labels);
        classes = List.of(indexer.labelsArray()[0]);
        List<String> mapping = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
          mapping.add(classes.get(i) + " -> " + i);
        }
        out.println("Indexing the string label " + label + " for the " + c.evaluator().type()
            + " evaluator (StringIndexer, most frequent first): " + String.join(", ", mapping));
        train = indexInPlace(indexer, train, label);
        test = indexInPlace(indexer, test, label);
        after.add(new IndexToString().setInputCol("prediction")
            .setOutputCol(free(schema, PREDICTED_LABEL)).setLabels(indexer.labelsArray()[0]));
      } else if (!(t instanceof NumericType) && !(t instanceof BooleanType)) {
        throw error("workload.data.label must name a numeric column for a %s evaluator, but"
            + " '%s' is %s", c.evaluator().type(), label, t.simpleString());
      }
    }
    if (featureCols != null) {
      vector = free(schema, FEATURES);
      VectorAssembler assembler = new VectorAssembler()
          .setInputCols(featureCols.toArray(new String[0])).setOutputCol(vector);
      before.add(assembler);
      train = assembler.transform(train);
      test = assembler.transform(test);
    }
    if (assemble) { // an estimator sees only what it fits on
      List<String> keep = new ArrayList<>();
      for (String col : new String[] {label, vector, foldCol}) {
        if (col != null && !keep.contains(col)) {
          keep.add(col);
        }
      }
      train = train.select(keep.stream().map(functions::col).toArray(org.apache.spark.sql
          .Column[]::new));
      test = test.select(keep.stream().filter(k -> !k.equals(foldCol)).map(functions::col)
          .toArray(org.apache.spark.sql.Column[]::new));
    }
    test = test.cache();
    long nTest;
    long nTrain;
    try {
      nTrain = train.count();
      nTest = test.count();
    } catch (Exception e) {
      throw error("%s.path must hold %s data Spark can read, but got '%s' (%s)",
          c.data().field(), c.data().format(), c.data().path(), SparkErrors.reason(e));
    }
    if (nTrain < 2 || nTest < 1) {
      throw error("workload.data must hold enough rows for training and test, but got %d"
          + " training and %d test rows", nTrain, nTest);
    }
    out.printf(Locale.ROOT, "Data: %d training rows, %d test rows%s%n", nTrain, nTest,
        featureCols != null ? ", " + featureCols.size() + " feature columns assembled into "
            + vector : vector != null ? ", features " + vector : "");
    return new TrainingData(rawTrain, train, test, label, vector, before, after, classes);
  }

  /** A column name of {@code schema}: {@code wanted}, or {@code wanted_1}, ... if it is taken. */
  private static String free(StructType schema, String wanted) {
    List<String> names = List.of(schema.fieldNames());
    String name = wanted;
    for (int i = 1; names.contains(name); i++) {
      name = wanted + "_" + i;
    }
    return name;
  }

  private static Dataset<Row> indexInPlace(StringIndexerModel indexer, Dataset<Row> data,
      String label) {
    return indexer.transform(data).drop(label).withColumnRenamed(label + "__indexed", label);
  }

  /** The column {@code name} of {@code schema}, or an error naming {@code field}. */
  private static StructField column(StructType schema, String name, String field) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw error("%s must name a column of the data %s, but got '%s'", field,
        Arrays.toString(schema.fieldNames()), name);
  }

  private static void checkFeature(StructField f, String field, MllibConfig c) {
    DataType t = f.dataType();
    if (t instanceof NumericType || t instanceof BooleanType
        || t.equals(SQLDataTypes.VectorType())) {
      return;
    }
    String hint = "csv".equals(c.data().format()) && !"true".equalsIgnoreCase(
        c.data().options().get("inferSchema"))
        ? " (CSV columns are strings unless options has inferSchema: \"true\")"
        : " (index it in a pipeline:, or leave it out of workload.data.features)";
    throw error("%s must name numeric, boolean or vector columns, but '%s' is %s%s", field,
        f.name(), t.simpleString(), hint);
  }

  private static void requireSameColumns(StructType train, StructType test, String label,
      List<String> features, String vector) {
    List<String> needed = new ArrayList<>();
    if (label != null) {
      needed.add(label);
    }
    if (features != null) {
      needed.addAll(features);
    } else if (vector != null) {
      needed.add(vector);
    } else {
      needed.addAll(List.of(train.fieldNames()));
    }
    List<String> have = List.of(test.fieldNames());
    for (String n : needed) {
      if (!have.contains(n)) {
        throw error("workload.data.test must have the training columns, but it lacks '%s' (it"
            + " has %s)", n, have);
      }
    }
  }

  /** The rows of {@code s}: a catalog table, or files in {@code s.format()}. */
  static Dataset<Row> read(SparkSession spark, Source s) {
    if (s.table() != null) {
      if (!spark.catalog().tableExists(s.table())) {
        throw error("%s.table must name a table of the catalog, but got '%s'", s.field(),
            s.table());
      }
      return spark.table(s.table());
    }
    try {
      return spark.read().format(s.format()).options(s.options()).load(s.path());
    } catch (Exception e) { // Spark's AnalysisException is a checked exception in Java
      throw error("%s.path must hold %s data Spark can read, but got '%s' (%s)", s.field(),
          s.format(), s.path(), SparkErrors.reason(e));
    }
  }
}
