package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktune.pruner.asha.PromotionQuota;
import io.sparktune.space.SearchSpace;
import io.sparktune.workload.MlpObjective;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks the {@code mlp:} section of the {@code mnist-mlp} workload, and the rules that
 * tie it to the other sections (pruners that need epochs, driver-side execution, the space).
 */
final class MlpConfig {
  /** Pruners that only the mnist-mlp workload supports (they count resource in epochs). */
  static final List<String> EPOCH_PRUNERS = List.of("asha", "sha", "hyperband");

  private MlpConfig() {}

  /** The section, or null for other workloads (where it must be absent). */
  static JobConfig.MlpSection section(JsonNode root, JobConfig.StudySection study,
      JobConfig.WorkloadSection workload, SearchSpace space, JobConfig.ExecutionSection x) {
    JsonNode n = root.get("mlp");
    if (!workload.type().equals("mnist-mlp")) {
      if (n != null && !n.isNull()) {
        throw error("mlp must be absent when workload.type is %s, but got a section",
            workload.type());
      }
      if (EPOCH_PRUNERS.contains(study.pruner())) {
        throw error("study.pruner must be one of [none, median] when workload.type is %s (%s"
            + " needs an epoch-based workload such as mnist-mlp), but got '%s'", workload.type(),
            study.pruner(), study.pruner());
      }
      return null;
    }
    if (n == null || n.isNull()) {
      n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    } else if (!n.isObject()) {
      throw error("mlp must be a mapping, but got %s", Fields.show(n));
    }
    Fields.onlyKnown(n, "mlp", List.of("data", "maxTrain", "validationFraction", "itersPerEpoch",
        "epochs", "minEpochs", "reductionFactor", "promotionQuota"));
    String data = Fields.text(n, "data", "mlp.data", "bundled");
    int maxTrain = (int) Fields.atLeast(Fields.integer(n, "maxTrain", "mlp.maxTrain", 0L), 0,
        "mlp.maxTrain");
    double vf = Fields.number(n, "validationFraction", "mlp.validationFraction", 0.2);
    if (!(vf > 0 && vf < 1)) {
      throw error("mlp.validationFraction must be in (0, 1), but got %s", vf);
    }
    int iters = (int) Fields.atLeast(Fields.integer(n, "itersPerEpoch", "mlp.itersPerEpoch", 5L),
        1, "mlp.itersPerEpoch");
    int epochs = (int) Fields.atLeast(Fields.integer(n, "epochs", "mlp.epochs", 9L), 1,
        "mlp.epochs");
    int minEpochs = (int) Fields.atLeast(Fields.integer(n, "minEpochs", "mlp.minEpochs", 1L), 1,
        "mlp.minEpochs");
    if (minEpochs > epochs) {
      throw error("mlp.minEpochs must be <= mlp.epochs (%d), but got %d", epochs, minEpochs);
    }
    int eta = (int) Fields.atLeast(Fields.integer(n, "reductionFactor", "mlp.reductionFactor",
        3L), 2, "mlp.reductionFactor");
    PromotionQuota quota;
    try {
      quota = PromotionQuota.parse("mlp.promotionQuota",
          Fields.text(n, "promotionQuota", "mlp.promotionQuota", "ceil_from_eta"));
    } catch (IllegalArgumentException e) {
      throw error("%s", e.getMessage());
    }
    checkMode(x.mode());
    List<String> missing = new ArrayList<>(MlpObjective.PARAMS);
    missing.removeAll(space.params().keySet());
    if (!missing.isEmpty()) {
      throw error("space must define %s when workload.type is mnist-mlp, but got %s (missing"
          + " %s)", MlpObjective.PARAMS, new ArrayList<>(space.params().keySet()), missing);
    }
    return new JobConfig.MlpSection(data, maxTrain, vf, iters, epochs, minEpochs, eta,
        quota);
  }

  /** MLlib fits are Spark jobs: the trials run on driver threads. */
  static void checkMode(String mode) {
    if (!mode.equals("auto") && !mode.equals("jobs")) {
      throw error("execution.mode must be one of [auto, jobs] when workload.type is mnist-mlp"
          + " (MLlib fits are Spark jobs started from driver threads), but got '%s'", mode);
    }
  }
}
