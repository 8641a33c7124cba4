/**
 * Optuna interop: {@link io.sparktune.storage.optuna.OptunaJournal} writes sparktune studies as
 * Optuna's journal (so {@code optuna.load_study} and optuna-dashboard open them) and reads Optuna
 * journals (Optuna 3.1 and the current line) into {@link
 * io.sparktune.storage.optuna.OptunaStudy} records, to copy into a sparktune storage or to enqueue
 * their best trials (warm start); {@link io.sparktune.storage.optuna.ImportClock} keeps the
 * datetimes of copied trials. Core package: no Spark, no Hadoop (files come in as bytes and go
 * out as streams; the CLI opens them on any Hadoop FileSystem).
 */
package io.sparktune.storage.optuna;
