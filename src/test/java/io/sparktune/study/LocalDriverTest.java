package io.sparktune.study;

/** The driver contract on local threads (what {@link Study#optimize} runs on). */
final class LocalDriverTest extends DriverContract {
  @Override
  protected TrialExecutor executor(int slots) {
    return TrialExecutor.localThreads(slots);
  }
}
