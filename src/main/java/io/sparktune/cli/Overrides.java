package io.sparktune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.workload.DigitsForestWorkload;

/**
 * Applies the command line's overrides to a config file's tree: each option is checked under its
 * own name ({@code --n-trials must be >= 1}) and written into the tree, which is then validated as
 * a whole, so an override meets every rule a config value meets (and a workload class is made
 * once).
 */
final class Overrides {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Overrides() {}

  static JobConfig apply(JsonNode tree, CommandLine cl) {
    if (tree == null || !tree.isObject()) {
      return ConfigLoader.bind(tree, cl.options().get("config"), null); // says what is wrong
    }
    ObjectNode root = tree.deepCopy();
    Integer nTrials = cl.intOption("n-trials", 1);
    if (nTrials != null) {
      put(root, "study", "nTrials", JSON.numberNode(nTrials));
    }
    Integer parallelism = cl.intOption("parallelism", 1);
    if (parallelism != null) {
      put(root, "study", "parallelism", JSON.numberNode(parallelism));
    }
    Long seed = cl.longOption("seed");
    if (seed != null) {
      put(root, "study", "seed", JSON.numberNode(seed));
    }
    if (cl.options().containsKey("sampler")) {
      String sampler =
          Fields.choice(cl.options().get("sampler"), "--sampler", ConfigLoader.SAMPLERS);
      if (sampler.equals("grid") && !root.hasNonNull("grid")) {
        throw Fields.error("grid must be given in the config when --sampler is grid, but got"
            + " none");
      }
      put(root, "study", "sampler", JSON.textNode(sampler));
    }
    if (cl.options().containsKey("pruner")) {
      String pruner = Fields.choice(cl.options().get("pruner"), "--pruner", ConfigLoader.PRUNERS);
      put(root, "study", "pruner", JSON.textNode(pruner));
      // the config's pruner settings belong to the config's pruner: --pruner replaces both
      if (root.get("study") instanceof ObjectNode s) {
        if (!pruner.equals("percentile")) {
          s.remove("prunerPercentile");
        }
        if (!ConfigLoader.PERCENTILE_PRUNERS.contains(pruner)) {
          s.remove(java.util.List.of("prunerWarmupSteps", "prunerStartupTrials"));
        }
      }
    }
    String percentile = cl.options().get("pruner-percentile");
    if (percentile != null) {
      double p;
      try {
        p = Double.parseDouble(percentile.trim());
      } catch (NumberFormatException e) {
        throw Fields.error("--pruner-percentile must be a number, but got '%s'", percentile);
      }
      if (!(p >= 0 && p <= 100)) {
        throw Fields.error("--pruner-percentile must be in [0, 100], but got %s", percentile);
      }
      put(root, "study", "prunerPercentile", JSON.numberNode(p));
    }
    Integer warmup = cl.intOption("pruner-warmup-steps", 0);
    if (warmup != null) {
      put(root, "study", "prunerWarmupSteps", JSON.numberNode(warmup));
    }
    Integer startup = cl.intOption("pruner-startup-trials", 0);
    if (startup != null) {
      put(root, "study", "prunerStartupTrials", JSON.numberNode(startup));
    }
    if (cl.options().containsKey("engine")) {
      String engine = cl.options().get("engine"); // mllib: the workload says where it went
      put(root, "workload", "engine", JSON.textNode(engine.trim().equalsIgnoreCase(
          DigitsForestWorkload.MLLIB) ? engine
          : Fields.choice(engine, "--engine", DigitsForestWorkload.ENGINES)));
    }
    if (cl.options().containsKey("mode")) {
      put(root, "execution", "mode", JSON.textNode(
          Fields.choice(cl.options().get("mode"), "--mode", ConfigLoader.MODES)));
    }
    if (cl.options().containsKey("loop")) {
      put(root, "execution", "loop", JSON.textNode(
          Fields.choice(cl.options().get("loop"), "--loop", ConfigLoader.LOOPS)));
    }
    for (String key : new String[] {"output", "master", "storage"}) {
      if (cl.options().containsKey(key)) {
        root.put(key, cl.options().get(key));
      }
    }
    return ConfigLoader.bind(root, cl.options().get("config"), null);
  }

  /** Sets {@code section.key}; a section that is not a mapping is left for validation to name. */
  private static void put(ObjectNode root, String section, String key, JsonNode value) {
    JsonNode s = root.get(section);
    if (s == null || s.isNull()) {
      s = root.putObject(section);
    }
    if (s instanceof ObjectNode o) {
      o.set(key, value);
    }
  }
}
