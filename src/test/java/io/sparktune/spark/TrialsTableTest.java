package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("spark")
final class TrialsTableTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  @TempDir
  Path dir;

  static List<FrozenTrial> trials() {
    Map<String, Distribution> d = new LinkedHashMap<>();
    d.put("lr", FloatDistribution.logUniform(1e-4, 1));
    d.put("depth", IntDistribution.uniform(1, 10));
    d.put("kind", CategoricalDistribution.of("a", "b"));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lr", 0.01);
    p.put("depth", 3L);
    p.put("kind", "b");
    return List.of(
        new FrozenTrial(5, 1, TrialState.PRUNED, 0.4, p, d, new TreeMap<>(Map.of(0, 0.3, 1, 0.4)),
            Map.of("note", "x"), Map.of("executor", "2", "host", "w1"), T0,
            T0.plusMillis(1500)),
        new FrozenTrial(4, 0, TrialState.COMPLETE, 0.9, p, d, new TreeMap<>(), Map.of("cv", 3),
            Map.of(), T0, T0.plusSeconds(2)),
        new FrozenTrial(6, 2, TrialState.RUNNING, null, Map.of(), Map.of(), new TreeMap<>(),
            Map.of(), Map.of(), T0, null));
  }

  @Test
  void dataFrame_hasOptunaColumnsAndTypes() {
    Dataset<Row> df = TrialsTable.dataFrame(SharedSpark.session(), trials());
    assertThat(df.columns()).containsExactly("number", "state", "value", "params_lr",
        "params_depth", "params_kind", "user_attrs_cv", "user_attrs_note", "datetime_start",
        "datetime_complete", "duration", "intermediate_values", "executor", "host");
    assertThat(df.schema().apply("params_lr").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(df.schema().apply("params_depth").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(df.schema().apply("user_attrs_cv").dataType()).isEqualTo(DataTypes.DoubleType);

    List<Row> rows = df.collectAsList();
    assertThat(rows).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2);
    Row pruned = rows.get(1);
    assertThat(pruned.<String>getAs("state")).isEqualTo("PRUNED");
    assertThat(pruned.<Double>getAs("duration")).isEqualTo(1.5);
    assertThat(pruned.<String>getAs("executor")).isEqualTo("2");
    assertThat(pruned.<String>getAs("host")).isEqualTo("w1");
    assertThat(pruned.getJavaMap(pruned.fieldIndex("intermediate_values")))
        .isEqualTo(Map.of(0, 0.3, 1, 0.4));
    Row running = rows.get(2);
    assertThat(running.isNullAt(running.fieldIndex("value"))).isTrue();
    assertThat(running.isNullAt(running.fieldIndex("params_lr"))).isTrue();
    assertThat(running.isNullAt(running.fieldIndex("duration"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "csv", "JSON"})
  void write_eachFormat_readsBackEveryTrial(String format) {
    SparkSession spark = SharedSpark.session();
    String path = dir.resolve("t").toUri().toString();
    TrialsTable.write(spark, trials(), format, path);

    Dataset<Row> back = spark.read().format(format.toLowerCase(java.util.Locale.ROOT))
        .option("header", "true").option("inferSchema", "true").load(path);
    assertThat(back.count()).isEqualTo(3);
    assertThat(back.columns()).contains("number", "params_kind", "executor",
        "intermediate_values");
    assertThat(back.filter("number = 1").select("params_kind").first().getString(0))
        .isEqualTo("b");
  }

  @Test
  void write_unknownFormat_throws() {
    assertThatThrownBy(() -> TrialsTable.write(SharedSpark.session(), trials(), "xml", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--trials-format must be one of [parquet, csv, json], but got 'xml'");
  }
}
