package io.sparktune.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

final class ParamSpaceTest {
  private final GBTClassifier gbt = new GBTClassifier();

  @Test
  void typedRanges_becomeTheSearchSpaceUnderTheParamNames() {
    ParamSpace s = ParamSpace.over(gbt).intRange(gbt.maxDepth(), 2, 12)
        .logRange(gbt.stepSize(), 1e-3, 0.5).choice(gbt.lossType(), "logistic")
        .floatRange(gbt.subsamplingRate(), 0.5, 1.0).fixed(gbt.maxBins(), 64);
    assertThat(s.searchSpace().params()).containsExactly(
        Map.entry("maxDepth", IntDistribution.uniform(2, 12)),
        Map.entry("stepSize", FloatDistribution.logUniform(1e-3, 0.5)),
        Map.entry("lossType", CategoricalDistribution.of("logistic")),
        Map.entry("subsamplingRate", FloatDistribution.uniform(0.5, 1.0)));
    assertThat(s.fixedValues()).containsExactly(Map.entry("maxBins", 64));
  }

  @Test
  void paramMap_convertsTrialValuesToTheParamTypes() {
    ParamSpace s = ParamSpace.over(gbt).add("maxDepth", IntDistribution.uniform(2, 12))
        .add("stepSize", FloatDistribution.uniform(0.01, 0.3)).fixed("maxBins", 64L)
        .fixed("cacheNodeIds", "true");
    ParamMap m = s.paramMap(Map.of("maxDepth", 5L, "stepSize", 0.1));
    assertThat(m.apply(gbt.maxDepth())).isEqualTo(5);
    assertThat(m.apply(gbt.stepSize())).isEqualTo(0.1);
    assertThat(m.apply(gbt.maxBins())).isEqualTo(64);
    assertThat(m.apply(gbt.cacheNodeIds())).isEqualTo(true);
    GBTClassifier copy = gbt.copy(m);
    assertThat(copy.getMaxDepth()).isEqualTo(5);
  }

  @Test
  void unknownParam_listsTheRealOnes() {
    assertThatThrownBy(() -> ParamSpace.over(gbt).add("maxDepht", IntDistribution.uniform(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxDepht must be a param of GBTClassifier [cacheNodeIds,"
            + " checkpointInterval, featureSubsetStrategy, featuresCol, impurity, labelCol,"
            + " leafCol, lossType, maxBins, maxDepth, maxIter, maxMemoryInMB,")
        .hasMessageEndingWith("], but got 'maxDepht'");
  }

  @Test
  void rangeTheValidatorRejects_namesTheEndAndTheParamsDoc() {
    assertThatThrownBy(() -> ParamSpace.over(gbt).intRange(gbt.maxDepth(), -1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth low -1 is rejected by the param's validator (maxDepth: "
            + gbt.maxDepth().doc() + ")");
    assertThatThrownBy(() -> ParamSpace.over(gbt).choice(gbt.lossType(), "logistic", "hinge"))
        .hasMessageStartingWith("lossType choice 'hinge' is rejected by the param's validator"
            + " (lossType: Loss function which GBT tries to minimize (case-insensitive)."
            + " Supported options: logistic)");
    assertThatThrownBy(() -> ParamSpace.over(gbt).fixed("subsamplingRate", 1.5))
        .hasMessageStartingWith("subsamplingRate value 1.5 is rejected by the param's validator");
  }

  @Test
  void typeMismatch_saysWhatTheParamIs() {
    assertThatThrownBy(() -> ParamSpace.over(gbt).add("maxDepth",
        FloatDistribution.uniform(1, 5)))
        .hasMessage("maxDepth is an int param, but got a float range");
    assertThatThrownBy(() -> ParamSpace.over(gbt).add("lossType", IntDistribution.uniform(1, 5)))
        .hasMessage("lossType is a string param, but got an int range");
    assertThatThrownBy(() -> ParamSpace.over(gbt).fixed("maxBins", 2.5))
        .hasMessage("maxBins is an int param, but got 2.5");
    assertThatThrownBy(() -> ParamSpace.over(gbt).fixed("maxBins", "many"))
        .hasMessage("maxBins is an int param, but got 'many'");
    assertThatThrownBy(() -> ParamSpace.over(gbt).add("maxDepth", IntDistribution.uniform(2, 4))
        .add("maxDepth", IntDistribution.uniform(2, 5)))
        .hasMessage("maxDepth must be added once, but got it twice");
  }

  @Test
  void pipeline_namesStagesByIndexOrUid() {
    StringIndexer idx = new StringIndexer().setInputCol("diagnosis").setOutputCol("label");
    VectorAssembler va = new VectorAssembler().setInputCols(new String[] {"a"})
        .setOutputCol("features");
    LogisticRegression lr = new LogisticRegression();
    Pipeline p = new Pipeline().setStages(new PipelineStage[] {idx, va, lr});
    ParamSpace s = ParamSpace.over(p).logRange(lr.regParam(), 1e-4, 1)
        .add(lr.uid() + ".elasticNetParam", FloatDistribution.uniform(0, 1))
        .fixed("0.handleInvalid", "keep");
    assertThat(s.searchSpace().params()).containsOnlyKeys("2.regParam",
        lr.uid() + ".elasticNetParam");
    ParamMap m = s.paramMap(Map.of("2.regParam", 0.01, lr.uid() + ".elasticNetParam", 0.5));
    assertThat(m.apply(lr.regParam())).isEqualTo(0.01);
    assertThat(m.apply(idx.handleInvalid())).isEqualTo("keep");
    assertThat(s.names()).contains("0.handleInvalid", "2.maxIter", "1.inputCols");
    assertThatThrownBy(() -> s.add("regParam", FloatDistribution.uniform(0, 1)))
        .hasMessage("regParam must be stage.param for a Pipeline, with stage one of [0 or "
            + idx.uid() + ", 1 or " + va.uid() + ", 2 or " + lr.uid() + "], but got 'regParam'");
    assertThatThrownBy(() -> s.add("3.regParam", FloatDistribution.uniform(0, 1)))
        .hasMessageStartingWith("3.regParam must name a stage of the Pipeline, one of [0 or ");
    assertThatThrownBy(() -> s.add("2.maxDepth", IntDistribution.uniform(1, 3)))
        .hasMessageStartingWith("2.maxDepth must be a param of LogisticRegression [aggregationDepth,");
    assertThatThrownBy(() -> ParamSpace.over(p).intRange(gbt.maxDepth(), 1, 3))
        .hasMessageStartingWith("maxDepth must be a param of Pipeline or of one of its stages [0: ");
  }

  @Test
  void arrayParams_takeFixedListsOnly() {
    VectorAssembler va = new VectorAssembler();
    ParamSpace s = ParamSpace.over(new Pipeline().setStages(new PipelineStage[] {va,
        new LogisticRegression()})).fixed("0.inputCols", List.of("a", "b"));
    assertThat((String[]) s.paramMap(Map.of()).apply(va.inputCols())).containsExactly("a", "b");
    assertThatThrownBy(() -> ParamSpace.over(new StringIndexer()).add("inputCols",
        CategoricalDistribution.of("a")))
        .hasMessage("inputCols is a string array param and takes only a fixed value, but got"
            + " choices [a]");
  }

  @Test
  void rebind_resolvesTheSameNamesOnACopy() {
    ParamSpace s = ParamSpace.over(gbt).intRange(gbt.maxDepth(), 2, 4).fixed("maxBins", 16);
    GBTClassifier other = gbt.copy(new ParamMap());
    ParamSpace r = s.rebind(other);
    assertThat(r.searchSpace()).isEqualTo(s.searchSpace());
    assertThat(r.paramMap(Map.of("maxDepth", 3)).apply(other.maxDepth())).isEqualTo(3);
  }
}
