package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.FrozenTrial;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A study's trials as a Spark DataFrame (Optuna's {@code trials_dataframe}), and its output as
 * Parquet, CSV or JSON through Spark's {@code DataFrameWriter}.
 *
 * <p>Columns, one row per trial by number: {@code number} (int), {@code state} (string), {@code
 * value} (double), {@code params_<name>} (double for float parameters, long for int, string for
 * categorical or mixed), {@code user_attrs_<key>} (double if every value is a number, boolean if
 * every value is one, else string), {@code datetime_start} and {@code datetime_complete}
 * (timestamp), {@code duration} (double, seconds), {@code intermediate_values} (map from step to
 * value), {@code executor} and {@code host} (string, set by the Spark runner; null for trials run
 * on the driver).
 */
public final class TrialsTable {
  /** The formats {@link #write} accepts. */
  public static final List<String> FORMATS = List.of("parquet", "csv", "json");

  private TrialsTable() {}

  /** The trials as a DataFrame with the columns of the class comment. */
  public static Dataset<Row> dataFrame(SparkSession spark, List<FrozenTrial> trials) {
    require(spark != null, "spark must not be null, but got null");
    require(trials != null, "trials must not be null, but got null");
    List<FrozenTrial> sorted = new ArrayList<>(trials);
    sorted.sort(Comparator.comparingInt(FrozenTrial::number));
    Map<String, DataType> params = new LinkedHashMap<>();
    Map<String, DataType> attrs = new LinkedHashMap<>();
    for (FrozenTrial t : sorted) {
      t.distributions().forEach((k, d) -> params.merge(k, paramType(d),
          (a, b) -> a.equals(b) ? a : DataTypes.StringType));
      t.userAttrs().forEach((k, v) -> {
        if (v != null) {
          attrs.merge(k, attrType(v), (a, b) -> a.equals(b) ? a : DataTypes.StringType);
        }
      });
      t.userAttrs().keySet().forEach(k -> attrs.putIfAbsent(k, DataTypes.StringType));
    }
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("number", DataTypes.IntegerType, false),
        DataTypes.createStructField("state", DataTypes.StringType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, true)));
    params.forEach((k, ty) -> fields.add(DataTypes.createStructField("params_" + k, ty, true)));
    attrs.forEach((k, ty) -> fields.add(DataTypes.createStructField("user_attrs_" + k, ty,
        true)));
    fields.addAll(List.of(
        DataTypes.createStructField("datetime_start", DataTypes.TimestampType, true),
        DataTypes.createStructField("datetime_complete", DataTypes.TimestampType, true),
        DataTypes.createStructField("duration", DataTypes.DoubleType, true),
        DataTypes.createStructField("intermediate_values",
            DataTypes.createMapType(DataTypes.IntegerType, DataTypes.DoubleType), false),
        DataTypes.createStructField("executor", DataTypes.StringType, true),
        DataTypes.createStructField("host", DataTypes.StringType, true)));
    List<Row> rows = new ArrayList<>();
    for (FrozenTrial t : sorted) {
      List<Object> row = new ArrayList<>(List.of(t.number(), t.state().name()));
      row.add(t.value());
      params.forEach((k, ty) -> row.add(cell(t.params().get(k), ty)));
      attrs.forEach((k, ty) -> row.add(cell(t.userAttrs().get(k), ty)));
      row.add(t.datetimeStart() == null ? null : Timestamp.from(t.datetimeStart()));
      row.add(t.datetimeComplete() == null ? null : Timestamp.from(t.datetimeComplete()));
      row.add(t.duration().map(d -> d.toNanos() / 1e9).orElse(null));
      row.add(scala.jdk.javaapi.CollectionConverters.asScala(
          new LinkedHashMap<Integer, Double>(t.intermediateValues())));
      row.add(text(t.systemAttrs().get("executor")));
      row.add(text(t.systemAttrs().get("host")));
      rows.add(RowFactory.create(row.toArray()));
    }
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  /**
   * Writes the trials with Spark's DataFrameWriter, as one file in the folder {@code path}
   * (replaced if present). CSV holds {@code intermediate_values} as JSON text, since CSV has no
   * map type.
   *
   * @param format {@code parquet}, {@code csv} or {@code json}
   * @param path a folder URI or local path
   * @throws IllegalArgumentException if {@code format} is not one of {@link #FORMATS}
   */
  public static void write(SparkSession spark, List<FrozenTrial> trials, String format,
      String path) {
    String f = format(format);
    require(path != null, "path must not be null, but got null");
    Dataset<Row> df = dataFrame(spark, trials);
    if (f.equals("csv")) {
      Column json = functions.to_json(functions.col("intermediate_values"));
      df = df.withColumn("intermediate_values", json);
    }
    df.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").format(f)
        .save(path);
  }

  /**
   * {@code format} in lower case, checked.
   *
   * @throws IllegalArgumentException if it is not one of {@link #FORMATS}
   */
  public static String format(String format) {
    String f = format == null ? null : format.trim().toLowerCase(Locale.ROOT);
    require(FORMATS.contains(f), "--trials-format must be one of %s, but got '%s'", FORMATS,
        format);
    return f;
  }

  private static DataType paramType(Distribution d) {
    if (d instanceof FloatDistribution) {
      return DataTypes.DoubleType;
    }
    if (d instanceof IntDistribution) {
      return DataTypes.LongType;
    }
    if (d instanceof CategoricalDistribution) {
      return DataTypes.StringType;
    }
    throw new AssertionError(d);
  }

  private static DataType attrType(Object v) {
    return v instanceof Number ? DataTypes.DoubleType
        : v instanceof Boolean ? DataTypes.BooleanType : DataTypes.StringType;
  }

  private static Object cell(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return ((Number) v).doubleValue();
    }
    if (type.equals(DataTypes.LongType)) {
      return ((Number) v).longValue();
    }
    if (type.equals(DataTypes.BooleanType)) {
      return v;
    }
    return String.valueOf(v);
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }
}
