package io.sparktune.workload;

import io.sparktune.pruner.asha.PromotionQuota;

/**
 * The resource of an epoch-based workload, for the pruners that count it ({@code study.pruner:
 * asha | sha | hyperband}).
 *
 * @param minResource the first rung's resource (epochs)
 * @param maxResource a full training run (ASHA's {@code r_max})
 * @param reductionFactor {@code η}
 * @param quota how ASHA rounds a rung's quota {@code n/η}
 */
public record Budget(int minResource, int maxResource, int reductionFactor,
    PromotionQuota quota) {}
