package io.sparktune.workload.mllib;

import io.sparktune.ml.CrossValidation;
import io.sparktune.pruner.asha.ResumableObjective;
import io.sparktune.spark.HadoopFiles;
import io.sparktune.study.Objective;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Prepared;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An mllib workload ready to run: {@link CrossValidation}'s objective for the trials, and the
 * refit of the best parameters on all training rows, scored on the test rows and saved as a
 * {@link PipelineModel} that takes the rows as read (the assembler before the fitted model, the
 * label's strings back after it).
 */
final class MllibPrepared implements Prepared {
  private final MllibConfig config;
  private final Estimator<?> estimator;
  private final CrossValidation cv;
  private final TrainingData data;
  private final PrintStream out;
  private final Map<String, Double> testMetrics = new LinkedHashMap<>();
  private Model<?> best;

  MllibPrepared(MllibConfig config, Estimator<?> estimator, CrossValidation cv,
      TrainingData data, PrintStream out) {
    this.config = config;
    this.estimator = estimator;
    this.cv = cv;
    this.data = data;
    this.out = out;
  }

  @Override
  public Objective objective() {
    return cv.objective();
  }

  @Override
  public ResumableObjective resumable() {
    return cv.resumable();
  }

  @Override
  public String refit() {
    return "refit on the training data";
  }

  @Override
  public Score score(Map<String, Object> params) {
    out.println("Refitting " + estimator.getClass().getSimpleName() + " with the best parameters "
        + params + " on all training rows ...");
    best = cv.refit(params, data.train());
    Dataset<Row> predictions = best.transform(data.test()).cache();
    try {
      Evaluator evaluator = cv.evaluator();
      double test = evaluator.evaluate(predictions);
      for (String m : config.evaluator().metrics()) {
        testMetrics.put(m, evaluator.evaluate(predictions,
            new ParamMap().put(evaluator.getParam("metricName"), m)));
      }
      return Score.test(test);
    } finally {
      predictions.unpersist();
    }
  }

  /** The saved model's stages: the assembler, the fitted model, IndexToString. */
  List<PipelineStage> stages() {
    List<PipelineStage> stages = new ArrayList<>(data.before());
    stages.add(best);
    stages.addAll(data.after());
    return stages;
  }

  @Override
  public String saveModel(String uri) throws IOException {
    // Every stage is a Transformer, so fit only checks the schema and trains nothing.
    PipelineModel model = new Pipeline().setStages(stages().toArray(new PipelineStage[0]))
        .fit(data.rawTrain());
    FileSystem fs = HadoopFiles.fs(uri);
    Path target = new Path(uri);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "."
        + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    try {
      model.write().overwrite().save(tmp.toString());
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
    List<String> names = new ArrayList<>();
    for (PipelineStage s : stages()) {
      names.add(s.getClass().getSimpleName());
    }
    return "PipelineModel: " + String.join(", ", names);
  }

  @Override
  public String valueName() {
    return (cv.folds() > 1 ? cv.folds() + "-fold CV " : "validation ") + cv.metricName();
  }

  @Override
  public String testMetric() {
    return cv.metricName();
  }

  @Override
  public void summarize(Map<String, Object> summary, List<FrozenTrial> trials) {
    summary.put("estimator", config.estimator() != null ? estimator.getClass().getName()
        : null);
    summary.put("pipeline", config.pipeline());
    summary.put("evaluator", config.evaluator().type());
    summary.put("metric", cv.metricName());
    summary.put("metrics", config.evaluator().metrics());
    summary.put("validation", cv.describe());
    summary.put("labelClasses", data.classes());
    summary.put("testMetrics", testMetrics);
  }

  @Override
  public List<String> notes(List<FrozenTrial> trials) {
    long failed = trials.stream().filter(t -> t.state() == TrialState.FAIL).count();
    return failed == 0 ? List.of() : List.of(String.format(Locale.ROOT,
        "%d trials failed; trials.csv has each fit's reason", failed));
  }
}
