package io.sparktune.workload;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes {@code java.util.logging} (Tribuo logs through it) into SLF4J and so into the project's
 * log4j2 configuration, where {@code org.tribuo} is set to WARN. Spark installs the same bridge
 * when a session starts; this covers in-process runs without Spark.
 */
public final class JulBridge {
  private JulBridge() {}

  /** Installs the bridge once per JVM. */
  public static synchronized void install() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
