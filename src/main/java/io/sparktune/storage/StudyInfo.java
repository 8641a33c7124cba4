package io.sparktune.storage;

import io.sparktune.trial.Direction;

/**
 * A study as stored.
 *
 * @param studyId the storage-wide id
 * @param name the unique name
 * @param direction minimize or maximize
 */
public record StudyInfo(int studyId, String name, Direction direction) {}
