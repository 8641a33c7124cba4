package io.sparktune.workload;

import io.sparktune.space.SearchSpace;
import io.sparktune.trial.Direction;

/**
 * What a workload sees of the config when it reads its section ({@link Workload#configure}).
 *
 * @param section the {@code workload:} section without {@code type} and {@code class}
 * @param label how messages name the workload ({@code workload.type is digits-forest})
 * @param studyName {@code study.name}
 * @param direction {@code study.direction}, or null if the config leaves it out (then the
 *     workload's {@link Workload#direction()} gives it)
 * @param seed {@code study.seed}: seeds splits and models as well as the sampler
 * @param pruner {@code study.pruner}
 * @param mode {@code execution.mode} as given: auto | threads | tasks | jobs
 * @param space the search space of the config
 */
public record WorkloadContext(ConfigNode section, String label, String studyName,
    Direction direction, long seed, String pruner, String mode, SearchSpace space) {}
