package io.sparktune.workload;

import static io.sparktune.workload.ConfigNode.error;

import io.sparktune.study.Objective;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the workload a config names: {@code workload.type} among the workloads {@link
 * ServiceLoader} finds, or {@code workload.class}, a {@link Workload} or a plain {@link Objective}.
 * Classes load through the thread's context class loader, which under {@code spark-submit} holds
 * the jars passed with {@code --jars}.
 */
public final class Workloads {
  private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);

  /** The workloads that come with sparktune, in the order messages list them. */
  public static final List<String> BUILT_IN =
      List.of("digits-forest", "mnist-mlp", "mllib", "xgboost");

  private Workloads() {}

  /** A workload whose trials evaluate {@code objective} (as Spark tasks when mode is auto). */
  public static Workload of(Objective objective) {
    return new ObjectiveWorkload(objective.getClass().getName(), objective);
  }

  /** The types ServiceLoader finds: the built-in ones first, then the others sorted. */
  public static List<String> types() {
    List<String> types = new ArrayList<>(BUILT_IN);
    discovered().stream().map(Workload::type).filter(t -> !types.contains(t)).sorted()
        .forEach(types::add);
    return types;
  }

  /**
   * A new instance of the workload {@code section} names by {@code type} or {@code class}.
   *
   * @throws BadInputException naming the field if neither or both are given, the type is unknown,
   *     or the class is missing, of the wrong kind, or cannot be constructed
   */
  public static Workload resolve(ConfigNode section) {
    boolean byType = section.has("type");
    boolean byClass = section.has("class");
    if (byType && byClass) {
      throw error("workload must give one of [type, class], but got both");
    }
    if (byClass) {
      return fromClass(section.text("class", null).trim());
    }
    String type = section.text("type", null);
    List<String> types = types();
    if (type == null) {
      throw error("workload.type must be one of %s (or workload.class a class name), but got"
          + " none", types);
    }
    String wanted = type.trim().toLowerCase(java.util.Locale.ROOT);
    for (Workload w : discovered()) {
      if (w.type().equals(wanted)) {
        return w;
      }
    }
    throw error("workload.type must be one of %s, but got '%s'", types, type);
  }

  private static List<Workload> discovered() {
    List<Workload> found = new ArrayList<>();
    var it = ServiceLoader.load(Workload.class, loader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return found;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.warn("skipped a workload that could not be loaded: {}", e.getMessage());
      }
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Workloads.class.getClassLoader();
  }

  private static Workload fromClass(String name) {
    Class<?> c;
    try {
      c = Class.forName(name, true, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw error("workload.class must name a class on the classpath (pass its jar with --jars),"
          + " but got '%s'", name);
    }
    if (!Workload.class.isAssignableFrom(c) && !Objective.class.isAssignableFrom(c)) {
      throw error("workload.class must name a class that implements %s or %s, but got '%s'",
          Workload.class.getName(), Objective.class.getName(), name);
    }
    Constructor<?> ctor;
    try {
      ctor = c.getConstructor();
    } catch (NoSuchMethodException e) {
      ctor = null;
    }
    if (ctor == null || !Modifier.isPublic(c.getModifiers())
        || Modifier.isAbstract(c.getModifiers())) {
      throw error("workload.class must name a public class with a public no-argument"
          + " constructor, but got '%s'", name);
    }
    Object instance;
    try {
      instance = ctor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw error("workload.class must construct without error, but new %s() failed: %s", name,
          cause.getMessage() == null ? "no message" : cause.getMessage());
    } catch (ReflectiveOperationException e) {
      throw error("workload.class must name a public class with a public no-argument"
          + " constructor, but got '%s'", name);
    }
    return instance instanceof Workload w ? w : new ObjectiveWorkload(name, (Objective) instance);
  }
}
