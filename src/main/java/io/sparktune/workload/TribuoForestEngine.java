package io.sparktune.workload;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The {@code local} engine: Tribuo's random forest (CART trees, Gini impurity, bootstrap samples,
 * sqrt(features) considered per split, majority vote), trained in-process. Serializable so the same
 * engine can train inside a Spark task.
 */
public final class TribuoForestEngine implements ForestEngine {
  private static final long serialVersionUID = 1L;
  private static final LabelFactory LABELS = new LabelFactory();

  private final ForestTask task;
  private final String[] featureNames;

  public TribuoForestEngine(ForestTask task) {
    JulBridge.install();
    this.task = task;
    this.featureNames = new String[task.train().width()];
    for (int i = 0; i < featureNames.length; i++) {
      featureNames[i] = String.format("f%03d", i);
    }
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public double foldAccuracy(ForestParams params, int k) {
    int[] trainIdx = Splits.foldIndices(task.folds(), k, false);
    int[] validIdx = Splits.foldIndices(task.folds(), k, true);
    return fitAndScore(params, task.train().subset(trainIdx), task.train().subset(validIdx));
  }

  @Override
  public double testAccuracy(ForestParams params) {
    return fitAndScore(params, task.train(), task.test());
  }

  private double fitAndScore(ForestParams params, LabeledData train, LabeledData valid) {
    float fraction = (float) (Math.sqrt(featureNames.length) / featureNames.length);
    CARTClassificationTrainer tree =
        new CARTClassificationTrainer(params.maxDepth(), fraction, params.seed());
    RandomForestTrainer<Label> forest = new RandomForestTrainer<>(tree, new VotingCombiner(),
        params.numTrees(), params.seed());
    Model<Label> model = forest.train(dataset(train));
    List<Example<Label>> examples = examples(valid);
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      if (model.predict(examples.get(i)).getOutput().getLabel()
          .equals(Integer.toString(valid.labels()[i]))) {
        correct++;
      }
    }
    return (double) correct / examples.size();
  }

  private MutableDataset<Label> dataset(LabeledData data) {
    MutableDataset<Label> ds = new MutableDataset<>(
        new SimpleDataSourceProvenance("sparktune", LABELS), LABELS);
    ds.addAll(examples(data));
    return ds;
  }

  private List<Example<Label>> examples(LabeledData data) {
    List<Example<Label>> out = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      out.add(new ArrayExample<>(new Label(Integer.toString(data.labels()[i])), featureNames,
          data.features()[i]));
    }
    return out;
  }
}
