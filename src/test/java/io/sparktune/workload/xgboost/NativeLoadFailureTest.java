package io.sparktune.workload.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktune.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine where XGBoost's native library cannot load: the run stops before any trial with exit
 * code 2 and a message naming the engine, the library and the OpenMP package. A child JVM on the
 * test classpath, told (through XGBoost4J's own system property) to load the library from a path
 * the jar does not hold, stands in for a machine without it.
 */
final class NativeLoadFailureTest {
  @TempDir Path dir;

  private Process start(String config) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1",
        "-Dxgboostruntime.native.xgboost4j=/lib/nowhere/libxgboost4j.so",
        "-Dlog4j2.configurationFile=log4j2-test.properties",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
        config, "--output", dir.resolve("out").toString())
        .redirectErrorStream(true).start();
  }

  @Test
  void run_withoutTheNativeLibrary_exits2NamingEngineAndLibrary() throws Exception {
    Path cfg = dir.resolve("digits.yaml");
    Files.writeString(cfg, Files.readString(Path.of("conf/digits.yaml"))
        .replaceFirst("engine: \\w+", "engine: native"));
    for (String config : List.of("conf/xgboost-digits.yaml", cfg.toString())) {
      Process p = start(config);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isEqualTo(2);
      String engine = config.contains("xgboost") ? "workload.type xgboost"
          : "workload.engine native";
      assertThat(out).contains(engine + " needs XGBoost4J's native library (libxgboost4j.so,"
          + " inside the xgboost4j jar) and the OpenMP runtime it links (libgomp.so.1;"
          + " Debian/Ubuntu: apt-get install libgomp1), but it failed to load on this machine:")
          .contains("/lib/nowhere/libxgboost4j.so was not found").doesNotContain("Exception").doesNotContain("Best trial");
      assertThat(dir.resolve("out/summary.json")).doesNotExist();
    }
  }
}
