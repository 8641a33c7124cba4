package io.sparktune.ml;

import static io.sparktune.internal.Checks.require;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.space.FloatDistribution;
import io.sparktune.space.IntDistribution;
import io.sparktune.space.SearchSpace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import scala.Function1;

/**
 * A search space over an MLlib estimator's own {@link Param}s: ranges and choices that a study
 * samples, plus fixed values, turned into the {@link ParamMap} a fit takes.
 *
 * <pre>{@code
 * GBTClassifier gbt = new GBTClassifier();
 * ParamSpace space = ParamSpace.over(gbt)
 *     .intRange(gbt.maxDepth(), 2, 8)
 *     .logRange(gbt.stepSize(), 0.01, 0.3)
 *     .choice(gbt.lossType(), "logistic")
 *     .fixed("maxBins", 64);
 * }</pre>
 *
 * <p>Names: a parameter of the estimator itself is named by its param name ({@code maxDepth}); a
 * parameter of a {@link Pipeline} stage is {@code stage.param} with the stage's index or uid
 * ({@code 2.maxDepth}, {@code gbtc_3a1f.maxDepth}; nested pipelines nest: {@code 1.0.maxIter}).
 * The typed methods name a stage's param by its index, which stays the same when the pipeline is
 * rebuilt in a new JVM (a resumed study keeps its names); the by-name methods keep the name given.
 *
 * <p>Every check runs when the parameter is added and throws an {@link IllegalArgumentException}
 * whose message starts with the name as given and says what is allowed: a param the estimator
 * does not have, a distribution that does not fit the param's type, or a value (a range's ends,
 * each choice, a fixed value) that the param's own validator rejects.
 *
 * <p>Fluent and mutable like Spark's {@code ParamGridBuilder}; not thread-safe while it is being
 * built. {@link #copy()} gives an independent copy.
 */
public final class ParamSpace implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a Param holds, as far as a search space cares. */
  enum Kind {
    INT("an int"), LONG("a long"), DOUBLE("a double"), FLOAT("a float"), BOOLEAN("a boolean"),
    STRING("a string"), INT_ARRAY("an int array"), DOUBLE_ARRAY("a double array"),
    STRING_ARRAY("a string array"), OTHER("an object");

    final String article;

    Kind(String article) {
      this.article = article;
    }

    boolean isNumber() {
      return this == INT || this == LONG || this == DOUBLE || this == FLOAT;
    }

    boolean isIntegral() {
      return this == INT || this == LONG;
    }
  }

  private final Estimator<?> estimator;
  private final Map<String, Distribution> distributions = new LinkedHashMap<>();
  private final Map<String, Object> fixed = new LinkedHashMap<>();
  private final Map<String, Param<?>> params = new LinkedHashMap<>();

  private ParamSpace(Estimator<?> estimator) {
    this.estimator = estimator;
  }

  /** An empty space over {@code estimator}'s params (a {@link Pipeline}: its stages' params). */
  public static ParamSpace over(Estimator<?> estimator) {
    require(estimator != null, "estimator must not be null, but got null");
    return new ParamSpace(estimator);
  }

  /** The estimator whose params this space sets. */
  public Estimator<?> estimator() {
    return estimator;
  }

  /** An independent copy of this space (same estimator). */
  public ParamSpace copy() {
    return rebind(estimator);
  }

  /**
   * The same space over another estimator with the same params (a copy or a loaded one: the same
   * pipeline stages, the same uids for names that use uids).
   *
   * @throws IllegalArgumentException if a name does not resolve on {@code other}
   */
  public ParamSpace rebind(Estimator<?> other) {
    ParamSpace s = over(other);
    distributions.forEach(s::add);
    fixed.forEach(s::fixed);
    return s;
  }

  // ------------------------------------------------------------------------------ typed, by Param

  /** A uniform integer in {@code low..high}. */
  public ParamSpace intRange(IntParam param, int low, int high) {
    return add(nameOf(param), IntDistribution.uniform(low, high));
  }

  /** An integer on the grid {@code low, low + step, ...} up to {@code high}. */
  public ParamSpace intRange(IntParam param, int low, int high, int step) {
    return add(nameOf(param), IntDistribution.stepped(low, high, step));
  }

  /** A log-uniform integer in {@code low..high}, {@code low >= 1}. */
  public ParamSpace logIntRange(IntParam param, int low, int high) {
    return add(nameOf(param), IntDistribution.logUniform(low, high));
  }

  /** A uniform long in {@code low..high}. */
  public ParamSpace intRange(LongParam param, long low, long high) {
    return add(nameOf(param), IntDistribution.uniform(low, high));
  }

  /** A uniform float in {@code [low, high]}. */
  public ParamSpace floatRange(DoubleParam param, double low, double high) {
    return add(nameOf(param), FloatDistribution.uniform(low, high));
  }

  /** A float on the grid {@code low, low + step, ...} up to {@code high}. */
  public ParamSpace floatRange(DoubleParam param, double low, double high, double step) {
    return add(nameOf(param), FloatDistribution.stepped(low, high, step));
  }

  /** A log-uniform float in {@code [low, high]}, {@code low > 0}. */
  public ParamSpace logRange(DoubleParam param, double low, double high) {
    return add(nameOf(param), FloatDistribution.logUniform(low, high));
  }

  /** One of {@code choices} (strings, numbers or booleans of the param's type). */
  public ParamSpace choice(Param<?> param, Object... choices) {
    return add(nameOf(param), CategoricalDistribution.of(choices));
  }

  /** One of {@code choices} (strings, numbers or booleans of the param's type). */
  public ParamSpace choice(Param<?> param, List<?> choices) {
    return add(nameOf(param), new CategoricalDistribution(new ArrayList<>(choices)));
  }

  /** A fixed value for {@code param} in every trial. */
  public <T> ParamSpace fixed(Param<T> param, T value) {
    return fixed(nameOf(param), value);
  }

  // ------------------------------------------------------------------------------------ by name

  /**
   * Adds {@code name} (a param of the estimator, or {@code stage.param} of a pipeline) drawn from
   * {@code distribution}.
   *
   * @throws IllegalArgumentException if the name is unknown or already in the space, the
   *     distribution does not fit the param's type, or the param's validator rejects a range's end
   *     or a choice
   */
  public ParamSpace add(String name, Distribution distribution) {
    require(distribution != null, "%s must have a distribution, but got null", name);
    Param<?> p = resolve(name);
    require(!distributions.containsKey(name) && !fixed.containsKey(name),
        "%s must be added once, but got it twice", name);
    Kind kind = kindOf(p);
    if (distribution instanceof IntDistribution d) {
      require(kind.isNumber(), "%s is %s param, but got an int range", name, kind.article);
      checkValid(name, p, "low " + show(d.low()), convert(name, p, d.low()));
      checkValid(name, p, "high " + show(d.high()), convert(name, p, d.high()));
    } else if (distribution instanceof FloatDistribution d) {
      require(kind == Kind.DOUBLE || kind == Kind.FLOAT, "%s is %s param, but got a float range",
          name, kind.article);
      checkValid(name, p, "low " + show(d.low()), convert(name, p, d.low()));
      checkValid(name, p, "high " + show(d.high()), convert(name, p, d.high()));
    } else if (distribution instanceof CategoricalDistribution d) {
      require(kind != Kind.INT_ARRAY && kind != Kind.DOUBLE_ARRAY && kind != Kind.STRING_ARRAY
              && kind != Kind.OTHER, "%s is %s param and takes only a fixed value, but got choices %s",
          name, kind.article, d.choices());
      for (Object c : d.choices()) {
        checkValid(name, p, "choice " + show(c), convert(name, p, c));
      }
    } else {
      throw new AssertionError(distribution);
    }
    params.put(name, p);
    distributions.put(name, distribution);
    return this;
  }

  /**
   * Sets {@code name} to {@code value} in every trial; the value is converted to the param's type
   * (Integer, Long, Double, Float, Boolean, String, and lists or arrays for the array params).
   *
   * @throws IllegalArgumentException if the name is unknown or already in the space, the value
   *     does not convert, or the param's validator rejects it
   */
  public ParamSpace fixed(String name, Object value) {
    Param<?> p = resolve(name);
    require(!distributions.containsKey(name) && !fixed.containsKey(name),
        "%s must be added once, but got it twice", name);
    Object v = convert(name, p, value);
    checkValid(name, p, "value " + show(value), v);
    params.put(name, p);
    fixed.put(name, v);
    return this;
  }

  /** The sampled parameters as a {@link SearchSpace} (names as given, in order). */
  public SearchSpace searchSpace() {
    return SearchSpace.of(distributions);
  }

  /** The sampled parameters' distributions, in order. */
  public Map<String, Distribution> distributions() {
    return Collections.unmodifiableMap(distributions);
  }

  /** The fixed values, converted to their params' types, in order. */
  public Map<String, Object> fixedValues() {
    return Collections.unmodifiableMap(fixed);
  }

  /** Whether the space samples nothing. */
  public boolean isEmpty() {
    return distributions.isEmpty();
  }

  /** The Param behind a name of this space. */
  public Param<?> param(String name) {
    Param<?> p = params.get(name);
    require(p != null, "%s must be a name of this space %s, but got '%s'", name,
        new ArrayList<>(params.keySet()), name);
    return p;
  }

  /**
   * The fixed values and {@code trialParams} (a trial's parameters by name, external values) as a
   * {@link ParamMap} for {@code estimator.fit(data, paramMap)}, each converted to its param's type.
   *
   * @throws IllegalArgumentException if a trial parameter is not in the space or does not convert
   */
  public ParamMap paramMap(Map<String, ?> trialParams) {
    ParamMap m = new ParamMap();
    fixed.forEach((name, v) -> put(m, params.get(name), v));
    if (trialParams != null) {
      trialParams.forEach((name, v) -> {
        Param<?> p = params.get(name);
        require(p != null && distributions.containsKey(name),
            "%s must be a sampled parameter of this space %s, but got '%s'", name,
            new ArrayList<>(distributions.keySet()), name);
        put(m, p, convert(name, p, v));
      });
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static void put(ParamMap m, Param<?> p, Object v) {
    m.put((Param<Object>) p, v);
  }

  /**
   * The names this space accepts, sorted: the estimator's param names, or for a pipeline {@code
   * index.param} of every stage (nested pipelines nest).
   */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    collectNames(estimator, "", out);
    return out;
  }

  private static void collectNames(PipelineStage stage, String prefix, List<String> out) {
    if (stage instanceof Pipeline pipe) {
      PipelineStage[] stages = pipe.getStages();
      for (int i = 0; i < stages.length; i++) {
        collectNames(stages[i], prefix + i + ".", out);
      }
      return;
    }
    for (String n : sortedParamNames(stage)) {
      out.add(prefix + n);
    }
  }

  /** The name the typed methods give {@code param}: its name, or {@code index.name} in a pipeline. */
  public String nameOf(Param<?> param) {
    require(param != null, "param must not be null, but got null");
    String path = pathOf(estimator, param.parent());
    require(path != null, "%s must be a param of %s%s, but got a param of another object (uid %s)",
        param.name(), estimator.getClass().getSimpleName(), stageList(estimator), param.parent());
    return path + param.name();
  }

  private static String pathOf(PipelineStage stage, String uid) {
    if (stage instanceof Pipeline pipe && !stage.uid().equals(uid)) {
      PipelineStage[] stages = pipe.isDefined(pipe.stages()) ? pipe.getStages()
          : new PipelineStage[0];
      for (int i = 0; i < stages.length; i++) {
        String inner = pathOf(stages[i], uid);
        if (inner != null) {
          return i + "." + inner;
        }
      }
      return null;
    }
    return stage.uid().equals(uid) ? "" : null;
  }

  private static String stageList(Estimator<?> estimator) {
    if (!(estimator instanceof Pipeline pipe) || !pipe.isDefined(pipe.stages())) {
      return "";
    }
    List<String> s = new ArrayList<>();
    PipelineStage[] stages = pipe.getStages();
    for (int i = 0; i < stages.length; i++) {
      s.add(i + ": " + stages[i].uid());
    }
    return " or of one of its stages " + s;
  }

  /** The Param {@code name} denotes, or an exception whose message starts with the name. */
  Param<?> resolve(String name) {
    require(name != null && !name.isEmpty(), "name must not be empty, but got '%s'", name);
    PipelineStage stage = estimator;
    String rest = name;
    while (stage instanceof Pipeline pipe) {
      PipelineStage[] stages = pipe.isDefined(pipe.stages()) ? pipe.getStages()
          : new PipelineStage[0];
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < stages.length; i++) {
        ids.add(i + " or " + stages[i].uid());
      }
      int dot = rest.indexOf('.');
      require(dot > 0, "%s must be stage.param for a Pipeline, with stage one of %s, but got '%s'",
          name, ids, rest);
      String id = rest.substring(0, dot);
      PipelineStage found = null;
      for (int i = 0; i < stages.length; i++) {
        if (id.equals(Integer.toString(i)) || id.equals(stages[i].uid())) {
          found = stages[i];
        }
      }
      require(found != null, "%s must name a stage of the Pipeline, one of %s, but got '%s'", name,
          ids, id);
      stage = found;
      rest = rest.substring(dot + 1);
    }
    require(stage.hasParam(rest), "%s must be a param of %s %s, but got '%s'", name,
        stage.getClass().getSimpleName(), sortedParamNames(stage), rest);
    return stage.getParam(rest);
  }

  private static List<String> sortedParamNames(Params stage) {
    TreeSet<String> names = new TreeSet<>();
    for (Param<?> p : stage.params()) {
      names.add(p.name());
    }
    return new ArrayList<>(names);
  }

  /** What {@code p} holds. */
  static Kind kindOf(Param<?> p) {
    if (p instanceof IntParam) {
      return Kind.INT;
    } else if (p instanceof LongParam) {
      return Kind.LONG;
    } else if (p instanceof DoubleParam) {
      return Kind.DOUBLE;
    } else if (p instanceof FloatParam) {
      return Kind.FLOAT;
    } else if (p instanceof BooleanParam) {
      return Kind.BOOLEAN;
    } else if (p instanceof IntArrayParam) {
      return Kind.INT_ARRAY;
    } else if (p instanceof DoubleArrayParam) {
      return Kind.DOUBLE_ARRAY;
    } else if (p instanceof StringArrayParam) {
      return Kind.STRING_ARRAY;
    } else if (p.getClass() == Param.class) {
      return Kind.STRING; // Param[String] in every MLlib stage that a space can set
    }
    return Kind.OTHER;
  }

  /**
   * {@code value} as {@code p}'s type, or an exception whose message starts with {@code name} and
   * says what the param takes.
   */
  static Object convert(String name, Param<?> p, Object value) {
    Kind kind = kindOf(p);
    String bad = String.format(java.util.Locale.ROOT, "%s is %s param, but got %s", name,
        kind.article, show(value));
    switch (kind) {
      case INT, LONG -> {
        require(value instanceof Number n && isIntegral(n), "%s", bad);
        long v = ((Number) value).longValue();
        if (kind == Kind.INT) {
          require(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE, "%s", bad);
          return (int) v;
        }
        return v;
      }
      case DOUBLE -> {
        require(value instanceof Number, "%s", bad);
        return ((Number) value).doubleValue();
      }
      case FLOAT -> {
        require(value instanceof Number, "%s", bad);
        return ((Number) value).floatValue();
      }
      case BOOLEAN -> {
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
          return Boolean.parseBoolean(s);
        }
        require(value instanceof Boolean, "%s", bad);
        return value;
      }
      case STRING -> {
        require(value instanceof String, "%s", bad);
        return value;
      }
      case INT_ARRAY -> {
        List<?> l = asList(value);
        require(l != null && l.stream().allMatch(x -> x instanceof Number n && isIntegral(n)),
            "%s", bad);
        return l.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
      }
      case DOUBLE_ARRAY -> {
        List<?> l = asList(value);
        require(l != null && l.stream().allMatch(x -> x instanceof Number), "%s", bad);
        return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
      }
      case STRING_ARRAY -> {
        List<?> l = asList(value);
        require(l != null && l.stream().allMatch(x -> x instanceof String), "%s", bad);
        return l.toArray(new String[0]);
      }
      default -> throw new IllegalArgumentException(name + " is a param of type "
          + p.getClass().getSimpleName() + " that a search space cannot set, but got "
          + show(value));
    }
  }

  private static boolean isIntegral(Number n) {
    double d = n.doubleValue();
    return d == Math.rint(d) && !Double.isInfinite(d);
  }

  private static List<?> asList(Object value) {
    if (value instanceof List<?> l) {
      return l;
    } else if (value instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (value instanceof long[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (value instanceof double[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (value instanceof Object[] a) {
      return Arrays.asList(a);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static void checkValid(String name, Param<?> p, String what, Object converted) {
    boolean ok;
    try {
      ok = Boolean.TRUE.equals(((Function1<Object, Object>) p.isValid()).apply(converted));
    } catch (RuntimeException e) {
      ok = false;
    }
    require(ok, "%s %s is rejected by the param's validator (%s: %s)", name, what, p.name(),
        p.doc());
  }

  static String show(Object v) {
    if (v instanceof String s) {
      return "'" + s + "'";
    } else if (v instanceof Double d) {
      return io.sparktune.internal.Checks.num(d);
    } else if (v instanceof int[] a) {
      return Arrays.toString(a);
    } else if (v instanceof double[] a) {
      return Arrays.toString(a);
    } else if (v instanceof Object[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(v);
  }

  @Override
  public String toString() {
    Map<String, Object> all = new LinkedHashMap<>(distributions);
    fixed.forEach((k, v) -> all.put(k, show(v)));
    return "ParamSpace(" + estimator.getClass().getSimpleName() + " " + all + ")";
  }
}
