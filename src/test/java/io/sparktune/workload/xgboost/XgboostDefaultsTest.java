package io.sparktune.workload.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;
import io.sparktune.workload.Budget;
import io.sparktune.workload.ConfigNode;
import io.sparktune.workload.WorkloadContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ASHA's budget on boosting rounds when the config leaves it out: up to 540 rounds, rungs from 10
 * rounds, eta 4 (ADR 0014, "Decision: ASHA's budget"), and conf/xgboost-digits.yaml states the
 * same.
 */
final class XgboostDefaultsTest {
  private static Budget budget(JsonNode section) {
    XgboostWorkload w = new XgboostWorkload();
    w.configure(new WorkloadContext(new ConfigNode(section, "workload"), "workload.type is xgboost",
        "x", Direction.MAXIMIZE, 1, "asha", "tasks",
        SearchSpace.of(Map.of("eta", FloatDistribution.logUniform(0.01, 0.5)))));
    return w.budget().orElseThrow();
  }

  @Test
  void budget_notConfigured_is540RoundsFrom10ByEta4() throws Exception {
    assertThat(budget(new ObjectMapper().readTree("{}")))
        .isEqualTo(new Budget(10, 540, 4, PromotionQuota.CEIL_FROM_ETA));
  }

  @Test
  void budget_configured_overridesTheDefaults() throws Exception {
    assertThat(budget(new ObjectMapper().readTree(
        "{\"rounds\": 270, \"minRounds\": 30, \"reductionFactor\": 3}")))
        .isEqualTo(new Budget(30, 270, 3, PromotionQuota.CEIL_FROM_ETA));
  }

  @Test
  void digitsConfig_statesTheDefaultBudget() throws Exception {
    JsonNode conf = new ObjectMapper(new YAMLFactory()).readTree(
        Path.of("conf/xgboost-digits.yaml").toFile());
    ObjectNode section = conf.get("workload").deepCopy();
    section.remove("type"); // the loader hands the workload its section without type
    assertThat(budget(section))
        .isEqualTo(budget(new ObjectMapper().readTree("{}")));
  }
}
