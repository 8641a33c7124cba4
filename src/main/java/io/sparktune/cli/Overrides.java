package io.sparktune.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktune.workload.DigitsForestWorkload;

/**
 * Applies the command line's overrides to a loaded config: each option is checked under its own
 * name ({@code --n-trials must be >= 1}), written into the config tree, and the tree is validated
 * again as a whole, so an override meets every rule a config value meets.
 */
final class Overrides {
  private Overrides() {}

  static JobConfig apply(JobConfig c, CommandLine cl) {
    ObjectNode root = c.tree().deepCopy();
    ObjectNode study = root.withObjectProperty("study");
    Integer nTrials = cl.intOption("n-trials", 1);
    if (nTrials != null) {
      study.put("nTrials", nTrials);
    }
    Integer parallelism = cl.intOption("parallelism", 1);
    if (parallelism != null) {
      study.put("parallelism", parallelism);
    }
    Long seed = cl.longOption("seed");
    if (seed != null) {
      study.put("seed", seed);
    }
    if (cl.options().containsKey("sampler")) {
      String sampler =
          Fields.choice(cl.options().get("sampler"), "--sampler", ConfigLoader.SAMPLERS);
      if (sampler.equals("grid") && c.grid().isEmpty()) {
        throw Fields.error("grid must be given in the config when --sampler is grid, but got"
            + " none");
      }
      study.put("sampler", sampler);
    }
    if (cl.options().containsKey("engine")) {
      root.withObjectProperty("workload").put("engine",
          Fields.choice(cl.options().get("engine"), "--engine", DigitsForestWorkload.ENGINES));
    }
    if (cl.options().containsKey("mode")) {
      root.withObjectProperty("execution").put("mode",
          Fields.choice(cl.options().get("mode"), "--mode", ConfigLoader.MODES));
    }
    if (cl.options().containsKey("loop")) {
      root.withObjectProperty("execution").put("loop",
          Fields.choice(cl.options().get("loop"), "--loop", ConfigLoader.LOOPS));
    }
    for (String key : new String[] {"output", "master", "storage"}) {
      if (cl.options().containsKey(key)) {
        root.put(key, cl.options().get(key));
      }
    }
    return ConfigLoader.bind(root, cl.options().get("config"), null);
  }
}
