package io.sparktune.storage.journal;

import static io.sparktune.internal.Checks.require;
import static io.sparktune.internal.Checks.requireState;

import io.sparktune.space.Distribution;
import io.sparktune.storage.DuplicateStudyException;
import io.sparktune.storage.InMemoryStorage;
import io.sparktune.storage.Storage;
import io.sparktune.storage.StorageException;
import io.sparktune.storage.StudyInfo;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} that appends every operation to a journal (JSON lines, one {@link JournalEntry}
 * each) and rebuilds its state by replaying it, so a study survives a killed driver and several
 * drivers can share one study.
 *
 * <p>Every call first reads what other writers appended since the last call, so reads see their
 * acknowledged operations. A write appends one entry and then applies it at its place in the log;
 * its outcome (a trial number, whether a finish won) is the outcome at that place, which is the
 * same for every reader.
 *
 * <p>Durability: when a call returns, its entry survives a kill -9 of this process. The entries
 * that record a decision that must not be lost ({@link #forcesDevice}: a study's creation, a trial
 * reaching a finished state, an enqueued trial, a scheduler decision or checkpoint) are
 * acknowledged only after {@link JournalBackend#force}, which covers every earlier entry of the
 * same trial too; with a forcing backend they survive a power loss. The force runs outside this
 * object's lock, so threads that finish trials at the same time share one device force. With a
 * backend that {@linkplain JournalBackend#pipelinesForces pipelines forces} (local, optional),
 * {@link #finishTrial} returns once the finish is written and forces it on a background thread;
 * that force completes before the next {@code finishTrial} of this storage returns and before
 * {@link #close} or {@link #flush} return, so at most the newest acknowledged finish waits for
 * the device at any time.
 *
 * <p>Heartbeats: a driver calls {@link #recordHeartbeat} for its RUNNING trials; {@link
 * #failStaleTrials} fails RUNNING trials whose last heartbeat (or start) is older than a grace
 * period, with the system attribute {@value #FAIL_REASON} starting with {@value #DRIVER_LOST}.
 */
public final class JournalStorage implements Storage, Storage.Heartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(JournalStorage.class);
  /** System attribute that says why a trial failed. */
  public static final String FAIL_REASON = "fail_reason";
  /** The start of the fail reason of a trial failed by {@link #failStaleTrials}. */
  public static final String DRIVER_LOST = "driver lost";

  /**
   * How many of {@code trials} count toward a study's trial budget: every trial except WAITING
   * ones (not started) and those failed because their driver died ({@value #FAIL_REASON} starting
   * with {@value #DRIVER_LOST}), which are retried or replaced by a new trial.
   */
  public static int countedTrials(List<FrozenTrial> trials) {
    int n = 0;
    for (FrozenTrial t : trials) {
      boolean lost = t.state() == TrialState.FAIL
          && t.systemAttrs().get(FAIL_REASON) instanceof String r && r.startsWith(DRIVER_LOST);
      if (t.state() != TrialState.WAITING && !lost) {
        n++;
      }
    }
    return n;
  }

  private static final Object NOT_SEEN = new Object();

  private final JournalBackend backend;
  private final InstantSource clock;
  private final String writerId;
  private final JournalReplay replay = new JournalReplay();
  private long offset;
  private long linesRead;
  private Object ownResult = NOT_SEEN;

  private final BackgroundForces backgroundForces;
  private boolean opened;

  /**
   * Opens the journal in {@code backend} and replays it, with the system clock.
   *
   * @throws StorageException if the journal cannot be read or has a corrupt line
   */
  public JournalStorage(JournalBackend backend) {
    this(backend, Clock.systemUTC());
  }

  /**
   * Opens the journal in {@code backend} and replays it; timestamps and heartbeat ages come from
   * {@code clock}.
   *
   * @throws StorageException if the journal cannot be read or has a corrupt line
   */
  public JournalStorage(JournalBackend backend, InstantSource clock) {
    this(backend, clock, UUID.randomUUID().toString().replace("-", "").substring(0, 16));
  }

  /** With a fixed writer id: for the golden-file generator, which must be deterministic. */
  JournalStorage(JournalBackend backend, InstantSource clock, String writerId) {
    require(backend != null, "backend must not be null, but got null");
    require(clock != null, "clock must not be null, but got null");
    this.backend = backend;
    this.clock = clock;
    this.writerId = writerId;
    this.backgroundForces = new BackgroundForces(backend);
    sync();
  }

  /**
   * A journal storage on a local file (created if missing) with {@link
   * LocalFileJournalBackend.Durability#DEVICE}.
   */
  public static JournalStorage open(Path file) {
    try {
      return new JournalStorage(new LocalFileJournalBackend(file));
    } catch (IOException e) {
      throw new StorageException("journal " + file + " must be readable and writable, but got "
          + e, e);
    }
  }

  /** The id this instance writes into every entry ({@code w}). */
  public String writerId() {
    return writerId;
  }

  /** The backend. */
  public JournalBackend backend() {
    return backend;
  }

  /** The number of journal lines replayed so far. */
  public synchronized long linesRead() {
    sync();
    return linesRead;
  }

  // ---------------------------------------------------------------- reading the log

  private void sync() {
    JournalBackend.Chunk chunk;
    try {
      chunk = backend.read(offset);
    } catch (IOException e) {
      throw new StorageException("journal " + backend + " must be readable, but got " + e, e);
    }
    List<String> lines = chunk.lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      long number = linesRead + i + 1;
      if (line.length() > JournalBackend.TORN_LINE_MARKER.length()
          && line.endsWith(JournalBackend.TORN_LINE_MARKER)) {
        // a fragment torn by a dead writer, closed by the next one
        LOG.warn("Journal {} line {}: skipped a torn line of {} bytes (an append cut by a"
            + " crash, never acknowledged, closed by a later writer)", backend, number,
            line.getBytes(StandardCharsets.UTF_8).length
                - JournalBackend.TORN_LINE_MARKER.length());
        continue;
      }
      JournalEntry entry;
      try {
        entry = JournalCodec.decode(line);
      } catch (JournalCodec.BadLine bad) {
        throw new StorageException("journal " + backend + " line " + number + " "
            + bad.getMessage());
      }
      applyEntry(entry);
    }
    linesRead += lines.size();
    offset = chunk.nextOffset();
    if (!opened && chunk.fragmentBytes() > 0) {
      LOG.warn("Journal {} ends in a torn line of {} bytes after line {} (an append in progress"
          + " by another writer, or cut by a crash and never acknowledged); it is not replayed,"
          + " and the next append completes or removes it", backend, chunk.fragmentBytes(),
          linesRead);
    }
    opened = true;
  }

  private void applyEntry(JournalEntry entry) {
    Object result = replay.apply(entry);
    if (writerId.equals(entry.w())) {
      ownResult = result;
    }
  }

  /** System attribute keys (or prefixes) whose entries are forced: scheduler decisions. */
  private static final List<String> FORCED_ATTR_PREFIXES = List.of("completed_rung_", "asha_",
      "checkpoint", FAIL_REASON);

  /**
   * Whether an entry is acknowledged only after a device force: {@code createStudy}, {@code
   * finish}, a {@code createTrial} of a WAITING (enqueued) trial, and a {@code setSystemAttr} of a
   * rung promotion, ASHA decision, checkpoint or fail reason ({@code completed_rung_*}, {@code
   * asha_*}, {@code checkpoint*}, {@value #FAIL_REASON}). Other entries (a RUNNING trial's
   * creation, claim, parameters, reports, heartbeats, attributes) only describe a running trial:
   * lost in a power loss, that trial replays as RUNNING or absent and is failed and retried, and
   * the force of its finish covers them.
   */
  static boolean forcesDevice(JournalEntry entry) {
    if (entry instanceof JournalEntry.Finish || entry instanceof JournalEntry.CreateStudy) {
      return true;
    }
    if (entry instanceof JournalEntry.CreateTrial c) {
      return c.state() == TrialState.WAITING;
    }
    if (entry instanceof JournalEntry.SetSystemAttr a) {
      return FORCED_ATTR_PREFIXES.stream().anyMatch(a.key()::startsWith);
    }
    return false;
  }

  /** An appended entry, its outcome, and whether it must be forced before it is acknowledged. */
  private record Written(Object result, JournalBackend.Appended at, boolean force) {}

  /**
   * Acknowledges a write: forces it first if it needs it (outside this object's lock, so
   * concurrent threads share forces), then returns its result or throws its exception.
   */
  private Object acknowledge(Written w) {
    if (w.force()) {
      try {
        backend.force(w.at());
      } catch (IOException e) {
        throw forceFailed(e);
      }
    }
    return unwrap(w.result());
  }

  /** Waits for the finishes being forced in the background ({@link BackgroundForces#await}). */
  private void awaitPipedForces() {
    try {
      backgroundForces.await();
    } catch (IOException e) {
      throw forceFailed(e);
    }
  }

  private StorageException forceFailed(IOException e) {
    return new StorageException("journal " + backend + " must be forced to the device, but got "
        + e, e);
  }

  /**
   * Returns once every operation this storage acknowledged is as durable as the backend makes it:
   * waits for a finish whose force runs in the background ({@link
   * JournalBackend#pipelinesForces}). Jobs call it before they report a study as done.
   *
   * @throws StorageException if a background force failed
   */
  @Override
  public void flush() {
    awaitPipedForces();
  }

  /** Appends one entry and returns the result of applying it at its place in the log. */
  private Written write(JournalEntry entry) {
    String line = JournalCodec.encode(entry);
    boolean force = forcesDevice(entry);
    JournalBackend.Appended at;
    try {
      at = backend.append(List.of(line), force ? JournalBackend.Commit.FORCE
          : JournalBackend.Commit.WRITE);
    } catch (IOException e) {
      throw new StorageException("journal " + backend + " must be writable, but got " + e, e);
    }
    ownResult = NOT_SEEN;
    if (at.start() == offset) {
      applyEntry(entry); // nothing else landed in between: no need to read it back
      linesRead++;
      offset = at.end();
    } else {
      sync();
    }
    requireState(ownResult != NOT_SEEN, "journal %s must show the entry just appended at byte %d,"
        + " but it was not read back", backend, at.start());
    return new Written(ownResult, at, force);
  }

  private static Object unwrap(Object result) {
    if (result instanceof RuntimeException e) {
      throw e;
    }
    return result;
  }

  // ---------------------------------------------------------------- Storage

  @Override
  public StudyInfo createStudy(String name, Direction direction) {
    require(name != null && !name.isBlank(), "study name must not be blank, but got '%s'", name);
    require(direction != null, "direction must be one of [minimize, maximize], but got null");
    Written w;
    synchronized (this) {
      sync();
      if (replay.state().findStudy(name).isPresent()) {
        throw new DuplicateStudyException(name);
      }
      w = write(new JournalEntry.CreateStudy(writerId, name, direction));
    }
    return (StudyInfo) acknowledge(w);
  }

  @Override
  public synchronized Optional<StudyInfo> findStudy(String name) {
    sync();
    return replay.state().findStudy(name);
  }

  @Override
  public synchronized List<StudyInfo> studies() {
    sync();
    return replay.state().studies();
  }

  @Override
  public FrozenTrial createTrial(int studyId, TrialState state, Map<String, Object> systemAttrs) {
    require(state == TrialState.RUNNING || state == TrialState.WAITING,
        "state must be one of [RUNNING, WAITING], but got %s", state);
    Written w;
    synchronized (this) {
      sync();
      requireStudy(studyId);
      w = write(new JournalEntry.CreateTrial(writerId, clock.instant(), studyId, state,
          systemAttrs));
    }
    return (FrozenTrial) acknowledge(w);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized Optional<FrozenTrial> claimWaitingTrial(int studyId) {
    sync();
    requireStudy(studyId);
    if (replay.state().trials(studyId, EnumSet.of(TrialState.WAITING)).isEmpty()) {
      return Optional.empty();
    }
    return (Optional<FrozenTrial>) acknowledge(
        write(new JournalEntry.ClaimWaiting(writerId, clock.instant(), studyId)));
  }

  @Override
  public synchronized void setTrialParam(
      int trialId, String name, Distribution distribution, Object value) {
    require(distribution != null, "distribution must not be null, but got null");
    double internal = distribution.toInternal(value);
    requireRunning(trialId, "suggest parameters");
    acknowledge(write(new JournalEntry.SetParam(writerId, trialId, name, distribution, internal)));
  }

  @Override
  public synchronized boolean reportIntermediate(int trialId, int step, double value) {
    requireRunning(trialId, "be reported to");
    if (replay.state().trial(trialId).intermediateValues().containsKey(step)) {
      return false;
    }
    return (Boolean) acknowledge(write(new JournalEntry.Report(writerId, trialId, step, value)));
  }

  @Override
  public synchronized void setTrialUserAttr(int trialId, String key, Object value) {
    sync();
    replay.state().trial(trialId); // validates the id
    acknowledge(write(new JournalEntry.SetUserAttr(writerId, trialId, key, value)));
  }

  @Override
  public void setTrialSystemAttr(int trialId, String key, Object value) {
    Written w;
    synchronized (this) {
      sync();
      replay.state().trial(trialId);
      w = write(new JournalEntry.SetSystemAttr(writerId, trialId, key, value));
    }
    acknowledge(w);
  }

  @Override
  public boolean finishTrial(int trialId, TrialState state, Double value) {
    require(state != null && state.isFinished(),
        "state must be one of [COMPLETE, PRUNED, FAIL], but got %s", state);
    boolean pipelined = backend.pipelinesForces();
    if (pipelined) {
      awaitPipedForces(); // every finish acknowledged before this one is now on the device
    }
    Written w;
    synchronized (this) {
      sync();
      if (replay.state().trial(trialId).state().isFinished()) {
        return false;
      }
      w = write(new JournalEntry.Finish(writerId, clock.instant(), trialId, state, value, null));
    }
    if (pipelined) {
      backgroundForces.start(w.at()); // overlaps the next trial; awaited by the next finish
      return (Boolean) unwrap(w.result());
    }
    return (Boolean) acknowledge(w);
  }

  @Override
  public synchronized FrozenTrial trial(int trialId) {
    sync();
    return replay.state().trial(trialId);
  }

  @Override
  public synchronized List<FrozenTrial> trials(int studyId, Set<TrialState> states) {
    sync();
    return replay.state().trials(studyId, states);
  }

  // ---------------------------------------------------------------- heartbeats

  /** This journal: it records heartbeats and fails the trials of dead drivers. */
  @Override
  public Optional<Heartbeats> heartbeats() {
    return Optional.of(this);
  }

  /**
   * Records that the driver running {@code trialId} is alive.
   *
   * @throws IllegalStateException if the trial is not RUNNING
   */
  @Override
  public synchronized void recordHeartbeat(int trialId) {
    requireRunning(trialId, "heartbeat");
    acknowledge(write(new JournalEntry.Heartbeat(writerId, clock.instant(), trialId)));
  }

  /** The last heartbeat of a trial, or its start if it never sent one; empty while WAITING. */
  public synchronized Optional<Instant> lastHeartbeat(int trialId) {
    sync();
    FrozenTrial t = replay.state().trial(trialId);
    return Optional.ofNullable(replay.lastAlive(t));
  }

  /**
   * Fails every RUNNING trial (of every study) whose last heartbeat, or start if it never sent one,
   * is more than {@code grace} before now; each gets {@value #FAIL_REASON} {@code "driver lost:
   * ..."}. A trial that its driver finishes concurrently keeps the driver's result.
   *
   * @return the trials this call failed, by trial id
   */
  @Override
  public List<FrozenTrial> failStaleTrials(Duration grace) {
    require(grace != null && !grace.isNegative(), "grace must be >= 0, but got %s", grace);
    Written last;
    List<FrozenTrial> failed = new ArrayList<>();
    synchronized (this) {
      last = failStale(grace, failed);
    }
    if (last != null) {
      acknowledge(last); // one force covers every finish written before it
    }
    return failed;
  }

  /** Writes the stale trials' finishes, adds the winners to {@code failed}; the last write. */
  private Written failStale(Duration grace, List<FrozenTrial> failed) {
    sync();
    Written last = null;
    Instant now = clock.instant();
    for (StudyInfo study : replay.state().studies()) {
      for (FrozenTrial t : replay.state().trials(study.studyId(), EnumSet.of(TrialState.RUNNING))) {
        Instant alive = replay.lastAlive(t);
        Duration silent = Duration.between(alive, now);
        if (silent.compareTo(grace) > 0) {
          String reason = String.format(Locale.ROOT,
              "%s: heartbeat stale, last sign of life %s s ago, grace period %s s", DRIVER_LOST,
              seconds(silent), seconds(grace));
          Written w = write(new JournalEntry.Finish(writerId, now, t.trialId(), TrialState.FAIL,
              null, reason));
          last = w;
          if (Boolean.TRUE.equals(w.result())) {
            failed.add(replay.state().trial(t.trialId()));
          }
        }
      }
    }
    return last;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  // ---------------------------------------------------------------- study lookups for resuming

  /**
   * The study {@code name} of this journal, checked against the expected direction; what a resumed
   * run calls before it continues a study.
   *
   * @throws IllegalArgumentException if the journal holds no study of that name (the message lists
   *     the studies it holds) or the direction differs
   */
  public synchronized StudyInfo requireStudy(String name, Direction direction) {
    sync();
    Optional<StudyInfo> found = replay.state().findStudy(name);
    require(found.isPresent(), "study must be one of %s in journal %s, but got '%s'",
        replay.state().studies().stream().map(s -> "'" + s.name() + "'").toList(), backend, name);
    require(found.get().direction() == direction,
        "direction must match stored study '%s' (%s), but got %s", name,
        found.get().direction(), direction);
    return found.get();
  }

  private void requireStudy(int studyId) {
    List<StudyInfo> all = replay.state().studies();
    require(studyId >= 0 && studyId < all.size(),
        "studyId must refer to an existing study, but got %d", studyId);
  }

  private void requireRunning(int trialId, String what) {
    sync();
    FrozenTrial t = replay.state().trial(trialId);
    requireState(t.state() == TrialState.RUNNING, "trial %d is %s and cannot %s", t.number(),
        t.state(), what);
  }

  /**
   * Waits for a finish being forced in the background, then closes the backend; the journal stays
   * as written.
   *
   * @throws StorageException if a background force failed (the backend is closed all the same)
   */
  @Override
  public synchronized void close() {
    try {
      awaitPipedForces();
    } finally {
      backgroundForces.shutdown();
      closeBackend();
    }
  }

  private void closeBackend() {
    try {
      backend.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "JournalStorage[" + backend + "]";
  }
}
