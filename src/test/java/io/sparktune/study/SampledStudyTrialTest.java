package io.sparktune.study;

/** The study backend with values from the sampler. */
final class SampledStudyTrialTest implements StudyTrialContract {

  @Override
  public void prepare(Study study) {
    // nothing enqueued: the sampler proposes
  }

  @Override
  public boolean givesValues() {
    return false;
  }
}
