package io.sparktune.spark;

import io.sparktune.trial.TrialState;
import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;

/**
 * What came back from an executor for one trial attempt: the result as a value, never as a failed
 * Spark job.
 *
 * @param number the trial number
 * @param state COMPLETE, PRUNED or FAIL
 * @param value the objective value (COMPLETE) or null
 * @param reason why it failed or was pruned, or null
 * @param lost true if this was a re-run of a task whose first attempt was lost with its executor:
 *     the objective did not run again, and the driver retries the parameters as a new trial
 * @param reports intermediate values by step
 * @param userAttrs user attributes the objective set
 * @param executorId the executor that ran it ("driver" in local mode)
 * @param host the executor's host
 * @param startMillis epoch millis when the task began
 * @param endMillis epoch millis when it ended
 */
public record TrialOutcome(int number, TrialState state, Double value, String reason,
    boolean lost, SortedMap<Integer, Double> reports, Map<String, Object> userAttrs,
    String executorId, String host, long startMillis, long endMillis) implements Serializable {}
