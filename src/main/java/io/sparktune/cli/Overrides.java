package io.sparktune.cli;

import io.sparktune.cli.JobConfig.StudySection;
import io.sparktune.cli.JobConfig.WorkloadSection;

/** Applies the command line's overrides to a loaded config, validating them like the config. */
final class Overrides {
  private Overrides() {}

  static JobConfig apply(JobConfig c, CommandLine cl) {
    StudySection s = c.study();
    Integer nTrials = cl.intOption("n-trials", 1);
    Integer parallelism = cl.intOption("parallelism", 1);
    Long seed = cl.longOption("seed");
    String sampler = cl.options().containsKey("sampler")
        ? Fields.choice(cl.options().get("sampler"), "--sampler", ConfigLoader.SAMPLERS)
        : s.sampler();
    if (sampler.equals("grid") && c.grid().isEmpty()) {
      throw Fields.error("grid must be given in the config when --sampler is grid, but got none");
    }
    StudySection study = new StudySection(s.name(), s.direction(), sampler,
        seed != null ? seed : s.seed(), nTrials != null ? nTrials : s.nTrials(),
        s.timeoutSeconds(), parallelism != null ? parallelism : s.parallelism(),
        s.trialTimeoutSeconds(), s.pruner());
    WorkloadSection w = c.workload();
    String engine = cl.options().containsKey("engine")
        ? Fields.choice(cl.options().get("engine"), "--engine", ConfigLoader.ENGINES)
        : w.engine();
    WorkloadSection workload =
        new WorkloadSection(w.type(), engine, w.folds(), w.testFraction(), w.data());
    String output = cl.options().getOrDefault("output", c.output());
    String master = cl.options().getOrDefault("master", c.master());
    JobConfig.ExecutionSection e = c.execution();
    String mode = cl.options().containsKey("mode")
        ? Fields.choice(cl.options().get("mode"), "--mode", ConfigLoader.MODES) : e.mode();
    String loop = cl.options().containsKey("loop")
        ? Fields.choice(cl.options().get("loop"), "--loop", ConfigLoader.LOOPS) : e.loop();
    ConfigLoader.checkExecution(mode, loop, engine);
    JobConfig.ExecutionSection execution = new JobConfig.ExecutionSection(mode, loop,
        e.cpusPerTrial(), e.slots(), e.maxRetries(), e.statusIntervalSeconds(),
        e.heartbeatSeconds(), e.staleAfterSeconds());
    String storage = cl.options().getOrDefault("storage", c.storage());
    return new JobConfig(study, workload, c.space(), c.grid(), execution, storage, output,
        master, c.mlp());
  }
}
