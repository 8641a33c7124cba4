package io.sparktune.sampler.tpe;

import io.sparktune.space.Distribution;
import io.sparktune.trial.Direction;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.StudyView;
import io.sparktune.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * The finished trials a TPE sampler has seen, kept incrementally: a finished trial never changes,
 * so each is read once into per-parameter value columns (indexed by trial number) and into a
 * ranking kept sorted by insertion. An ask then costs one pass over the trial list and one pass
 * over the columns it needs, never a sort of the whole history.
 *
 * <p>Ranking (Optuna's {@code _split_trials}): COMPLETE trials by loss; then PRUNED trials, deepest
 * step first, then by their last intermediate value; then PRUNED trials without a value. FAIL trials
 * and COMPLETE trials without a value take no part. RUNNING trials (the constant liar) are
 * re-read at every ask and always go to the "above" (bad) group.
 */
final class Observations {
  private static final Set<TrialState> READ =
      EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING);

  /** Ranking key of one finished trial; smaller is better. */
  private record Rank(int group, int negStep, double loss, int number) {}

  private static final Comparator<Rank> ORDER = Comparator.comparingInt(Rank::group)
      .thenComparingInt(Rank::negStep).thenComparingDouble(Rank::loss)
      .thenComparingInt(Rank::number);

  private record Key(String name, Distribution distribution) {}

  /**
   * Model-space values of one parameter by trial number (log taken once, when a trial is read);
   * NaN where a trial lacks it.
   */
  private static final class Column {
    final Dim dim;
    double[] values = new double[64];

    Column(Dim dim) {
      this.dim = dim;
      Arrays.fill(values, Double.NaN);
    }

    void set(int number, double internal) {
      double v = dim.toModel(internal);
      if (number >= values.length) {
        int old = values.length;
        values = Arrays.copyOf(values, Math.max(number + 1, old * 2));
        Arrays.fill(values, old, values.length, Double.NaN);
      }
      values[number] = v;
    }

    double get(int number) {
      return number < values.length ? values[number] : Double.NaN;
    }
  }

  /**
   * Below and above observations of one parameter set, in model space, chronological order; with
   * the constant liar, the last {@code liars} of {@code above} are the RUNNING trials; {@code
   * belowByRank} holds the indices of {@code below}, best first.
   */
  record Split(double[][] below, double[][] above, List<double[]> running, int liars,
      int[] belowByRank) {
    /** Whether every continuous coordinate of {@code x} equals that of some RUNNING trial. */
    boolean repeatsRunning(double[] x, Dim[] dims) {
      boolean anyContinuous = false;
      for (Dim d : dims) {
        anyContinuous |= d.kind == Dim.Kind.CONTINUOUS;
      }
      if (!anyContinuous) {
        return false;
      }
      for (double[] r : running) {
        boolean same = true;
        for (int i = 0; i < dims.length && same; i++) {
          if (dims[i].kind == Dim.Kind.CONTINUOUS) {
            same = Math.abs(x[i] - r[i]) <= 1e-12 * Math.max(1.0, dims[i].range());
          }
        }
        if (same) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether the space is finite (no continuous dimension) and {@code x} is the point of a
     * finished or running trial: proposing it would only evaluate a configuration again.
     */
    boolean repeatsAny(double[] x, Dim[] dims) {
      for (Dim d : dims) {
        if (d.kind == Dim.Kind.CONTINUOUS) {
          return false;
        }
      }
      return contains(below, x) || contains(above, x) || contains(running.toArray(new double[0][]), x);
    }

    private static boolean contains(double[][] points, double[] x) {
      for (double[] p : points) {
        boolean same = true;
        for (int i = 0; i < x.length && same; i++) {
          same = Math.abs(x[i] - p[i]) <= 1e-9 * Math.max(1.0, Math.abs(x[i]));
        }
        if (same) {
          return true;
        }
      }
      return false;
    }
  }

  /** @param seed the sampler's seed, which its startup design draws from */
  Observations(long seed) {
    this.seed = seed;
  }

  private String studyName;
  private final BitSet seen = new BitSet();
  private final Map<Key, Column> columns = new HashMap<>();
  /**
   * Per parameter set, each finished trial's point by trial number, built once: a finished trial
   * never changes, so an ask only copies references.
   */
  private final Map<List<Key>, double[][]> points = new HashMap<>();
  private final List<Rank> ranking = new ArrayList<>();
  /** Numbers of the finished trials with a result, ascending. */
  private int[] finished = new int[64];
  private int nFinished;
  private LinkedHashMap<String, Distribution> intersection;
  private final List<FrozenTrial> running = new ArrayList<>();
  /**
   * Internal values this sampler proposed for trials that are still RUNNING, by trial number: a
   * trial asked ahead of its evaluation has no parameters in storage yet, and the constant liar
   * must still see it.
   */
  private final Map<Integer, Map<Key, Double>> proposed = new HashMap<>();
  /** For each trial in {@link #proposed}, how many trials had finished when it was proposed. */
  private final Map<Integer, Integer> proposedAfter = new HashMap<>();
  /**
   * The startup block size of each RUNNING trial that started in the startup design (decided once,
   * at its first sampler call): its parameters are drawn lazily as the objective suggests them, but
   * they are known in advance ({@link SpaceFilling}), so a model-based proposal can avoid them.
   */
  private final Map<Integer, Integer> startupBlocks = new HashMap<>();
  private final long seed;
  private int refreshedFor = -1;
  private StudyView refreshedView;
  private boolean[] belowFlag = new boolean[64];

  /** Reads trials finished since the last call and the RUNNING trials other than {@code current}. */
  void refresh(StudyView study, int current) {
    if (!study.studyName().equals(studyName)) {
      reset(study.studyName());
    } else if (current == refreshedFor && study == refreshedView) {
      return; // the same trial's later calls see the trials its first call saw
    }
    refreshedFor = current;
    refreshedView = study;
    running.clear();
    Direction direction = study.direction();
    BitSet live = new BitSet();
    for (FrozenTrial t : study.trials(READ)) {
      if (t.state() == TrialState.RUNNING) {
        live.set(t.number());
        if (t.number() != current) {
          running.add(t);
        }
      } else if (!seen.get(t.number())) {
        seen.set(t.number());
        ingest(t, direction);
      }
    }
    proposed.keySet().removeIf(number -> number != current && !live.get(number));
    startupBlocks.keySet().removeIf(number -> number != current && !live.get(number));
    proposedAfter.keySet().retainAll(proposed.keySet());
  }

  /**
   * The RUNNING trials this sampler proposed from the same finished trials as now: the position
   * of the current ask in its burst (0 for the first ask after a result, {@code k} for the
   * {@code k+1}-th of q asks in a row). Trials proposed by another sampler instance do not count.
   */
  int burst() {
    int k = 0;
    for (FrozenTrial t : running) {
      Integer after = proposedAfter.get(t.number());
      if (after != null && after == nFinished) {
        k++;
      }
    }
    return k;
  }

  /** Records the internal values proposed for RUNNING trial {@code number}. */
  void propose(int number, Dim[] dims, String[] keys, double[] internal) {
    Map<Key, Double> m = proposed.computeIfAbsent(number, k -> new HashMap<>());
    proposedAfter.putIfAbsent(number, nFinished);
    for (int i = 0; i < keys.length; i++) {
      m.put(new Key(keys[i], dims[i].distribution), internal[i]);
    }
  }

  /**
   * The startup block size of trial {@code number}, or -1 for a model-based trial: decided at its
   * first call ({@code blockSize} when fewer than {@code startup} trials had finished) and kept for
   * all its parameters, so a trial asked in the startup design stays in it while others finish.
   */
  int startupBlock(int number, int startup, int blockSize) {
    return startupBlocks.computeIfAbsent(number, n -> nFinished < startup ? blockSize : -1);
  }

  private void reset(String name) {
    studyName = name;
    refreshedFor = -1;
    proposed.clear();
    startupBlocks.clear();
    proposedAfter.clear();
    seen.clear();
    columns.clear();
    points.clear();
    ranking.clear();
    nFinished = 0;
    intersection = null;
  }

  private void ingest(FrozenTrial t, Direction direction) {
    Rank rank;
    Double v = t.value();
    if (t.state() == TrialState.COMPLETE) {
      if (v == null || v.isNaN()) {
        return;
      }
      rank = new Rank(0, 0, direction.toLoss(v), t.number());
    } else {
      boolean hasValue = v != null && !v.isNaN() && t.lastStep().isPresent();
      rank = hasValue ? new Rank(1, -t.lastStep().getAsInt(), direction.toLoss(v), t.number())
          : new Rank(2, 0, 0, t.number());
    }
    int at = Collections.binarySearch(ranking, rank, ORDER);
    ranking.add(at < 0 ? -at - 1 : at, rank);
    if (nFinished == finished.length) {
      finished = Arrays.copyOf(finished, nFinished * 2);
    }
    int pos = nFinished;
    while (pos > 0 && finished[pos - 1] > t.number()) {
      finished[pos] = finished[pos - 1];
      pos--;
    }
    finished[pos] = t.number();
    nFinished++;
    for (Map.Entry<String, Distribution> e : t.distributions().entrySet()) {
      Key key = new Key(e.getKey(), e.getValue());
      double internal = e.getValue().toInternal(t.params().get(e.getKey()));
      columns.computeIfAbsent(key, k -> new Column(Dim.of(k.distribution())))
          .set(t.number(), internal);
    }
    if (intersection == null) {
      intersection = new LinkedHashMap<>();
      t.distributions().forEach((name, d) -> {
        if (!d.isSingle()) {
          intersection.put(name, d);
        }
      });
    } else {
      intersection.entrySet().removeIf(
          e -> !e.getValue().equals(t.distributions().get(e.getKey())));
    }
  }

  /** Finished trials with a result (COMPLETE with a value, or PRUNED). */
  int finishedCount() {
    return nFinished;
  }

  /** The parameters every finished trial has, with the same distribution (none before any). */
  Map<String, Distribution> intersection() {
    return intersection == null ? Map.of() : Collections.unmodifiableMap(intersection);
  }

  /**
   * The below/above split over trials holding every parameter of {@code names} with the given
   * distributions; {@code gamma} maps the number of such finished trials to the below count.
   */
  Split split(String[] names, Dim[] dims, IntUnaryOperator gamma, boolean liar) {
    int d = names.length;
    Column[] cols = new Column[d];
    Key[] keys = new Key[d];
    for (int i = 0; i < d; i++) {
      keys[i] = new Key(names[i], dims[i].distribution);
      cols[i] = columns.get(keys[i]);
    }
    boolean any = true;
    for (Column c : cols) {
      any &= c != null;
    }
    int eligible = 0;
    if (any) {
      for (int f = 0; f < nFinished; f++) {
        if (has(cols, finished[f])) {
          eligible++;
        }
      }
    }
    int nBelow = Math.min(eligible, Math.max(0, gamma.applyAsInt(eligible)));
    List<double[]> below = new ArrayList<>(nBelow);
    int[] belowByRank = new int[0];
    List<double[]> above = new ArrayList<>(Math.max(0, eligible - nBelow) + running.size());
    if (eligible > 0) {
      int maxNumber = finished[nFinished - 1];
      if (belowFlag.length <= maxNumber) {
        belowFlag = new boolean[Math.max(maxNumber + 1, belowFlag.length * 2)];
      }
      int[] marked = new int[nBelow];
      int taken = 0;
      for (int r = 0; r < ranking.size() && taken < nBelow; r++) {
        int number = ranking.get(r).number();
        if (has(cols, number)) {
          belowFlag[number] = true;
          marked[taken++] = number;
        }
      }
      List<Key> setKey = Arrays.asList(keys);
      double[][] byNumber = points.get(setKey);
      if (byNumber == null || byNumber.length <= maxNumber) {
        byNumber = Arrays.copyOf(byNumber == null ? new double[0][] : byNumber,
            Math.max(maxNumber + 1, byNumber == null ? 64 : byNumber.length * 2));
        points.put(setKey, byNumber);
      }
      for (int f = 0; f < nFinished; f++) {
        int number = finished[f];
        double[] x = byNumber[number];
        if (x == null) {
          if (!has(cols, number)) {
            continue;
          }
          x = new double[d];
          for (int i = 0; i < d; i++) {
            x[i] = cols[i].get(number);
          }
          byNumber[number] = x;
        }
        (belowFlag[number] ? below : above).add(x);
      }
      for (int number : marked) {
        belowFlag[number] = false;
      }
      int[] sorted = Arrays.copyOf(marked, taken);
      Arrays.sort(sorted);
      belowByRank = new int[taken];
      for (int k = 0; k < taken; k++) {
        belowByRank[k] = Arrays.binarySearch(sorted, marked[k]);
      }
    }
    List<double[]> live = new ArrayList<>();
    for (FrozenTrial t : running) {
      double[] x = runningPoint(t, names, dims);
      if (x != null) {
        live.add(x);
        if (liar) {
          above.add(x);
        }
      }
    }
    return new Split(below.toArray(new double[0][]), above.toArray(new double[0][]), live,
        liar ? live.size() : 0, belowByRank);
  }

  private static boolean has(Column[] cols, int number) {
    for (Column c : cols) {
      if (Double.isNaN(c.get(number))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The model-space point of a RUNNING trial over {@code names}: its stored parameters, else what
   * this sampler proposed for it or what its startup design will draw; null when some parameter is
   * unknown.
   */
  private double[] runningPoint(FrozenTrial t, String[] names, Dim[] dims) {
    double[] x = new double[names.length];
    Map<Key, Double> mine = proposed.getOrDefault(t.number(), Map.of());
    for (int i = 0; i < names.length; i++) {
      Distribution dist = t.distributions().get(names[i]);
      if (dist != null && dist.equals(dims[i].distribution)) {
        x[i] = dims[i].toModel(dist.toInternal(t.params().get(names[i])));
        continue;
      }
      Double v = mine.get(new Key(names[i], dims[i].distribution));
      Integer block = startupBlocks.get(t.number());
      if (v == null && block != null && block > 0) {
        v = SpaceFilling.internal(seed, t.number(), names[i], dims[i].distribution, block);
      }
      if (v == null) {
        return null;
      }
      x[i] = dims[i].toModel(v);
    }
    return x;
  }
}
