package io.sparktune.workload.mllib;

import static io.sparktune.workload.ConfigNode.error;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;

/**
 * The estimator {@code workload.estimator} names (a class loaded through the thread's context
 * class loader, so a jar passed with {@code --jars} works; a name without a package is looked up
 * in MLlib's classification, regression and clustering packages) or the Pipeline saved at {@code
 * workload.pipeline}.
 */
final class Estimators {
  /** Where a bare class name ({@code GBTClassifier}) is looked up. */
  static final List<String> PACKAGES = List.of("org.apache.spark.ml.classification",
      "org.apache.spark.ml.regression", "org.apache.spark.ml.clustering",
      "org.apache.spark.ml.recommendation", "org.apache.spark.ml");

  private Estimators() {}

  /**
   * A new instance of the Estimator class {@code name}, made by its no-argument constructor or
   * its uid constructor.
   *
   * @throws io.sparktune.workload.BadInputException naming {@code workload.estimator} if the
   *     class is missing, no Estimator, or cannot be constructed
   */
  static Estimator<?> fromClass(String name) {
    Class<?> c = load(name);
    if (c == null) {
      throw error("workload.estimator must name a Spark ML Estimator class on the classpath"
          + " (pass its jar with --jars), but got '%s'", name);
    }
    if (!Estimator.class.isAssignableFrom(c)) {
      throw error("workload.estimator must name a Spark ML Estimator (a subclass of %s), but got"
          + " '%s'%s", Estimator.class.getName(), name, PipelineStage.class.isAssignableFrom(c)
              ? " (a Transformer: put it in a pipeline: before an estimator)" : "");
    }
    if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
      throw error("workload.estimator must name a public, concrete Estimator class, but got"
          + " '%s'", name);
    }
    try {
      return (Estimator<?>) construct(c);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw error("workload.estimator must construct without error, but new %s() failed: %s",
          name, cause.getMessage() == null ? "no message" : cause.getMessage());
    } catch (ReflectiveOperationException e) {
      throw error("workload.estimator must name a class with a public no-argument or uid"
          + " constructor, but got '%s'", name);
    }
  }

  private static Object construct(Class<?> c) throws ReflectiveOperationException {
    try {
      return c.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      Constructor<?> byUid = c.getConstructor(String.class);
      return byUid.newInstance(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID(
          c.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private static Class<?> load(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : Estimators.class.getClassLoader();
    List<String> candidates = name.contains(".") ? List.of(name)
        : PACKAGES.stream().map(p -> p + "." + name).toList();
    for (String candidate : candidates) {
      try {
        return Class.forName(candidate, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next package
      }
    }
    return null;
  }

  /**
   * The Pipeline saved at {@code uri} (needs the SparkSession).
   *
   * @throws io.sparktune.workload.BadInputException naming {@code workload.pipeline} if it is not
   *     a saved Pipeline
   */
  static Pipeline loadPipeline(String uri) {
    try {
      return Pipeline.load(uri);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception in Java
      throw error("workload.pipeline must be a Pipeline saved with pipeline.write().save(...),"
          + " but got '%s' (%s)", uri, SparkErrors.reason(e));
    }
  }
}
