package io.sparktune.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktune.storage.hadoop.HadoopJournalBackend;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.trial.FrozenTrial;
import io.sparktune.trial.TrialState;
import io.sparktune.workload.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digits study on a real YARN: one in-process HDFS + YARN ({@link MiniYarn}) for the class,
 * and {@code submit/yarn.sh} run as the README shows it (the Maven classpath; the containers use
 * the same jars as {@code local:} files). Data, journal and outputs are on HDFS. In client mode
 * the driver is the script's JVM; in cluster mode it runs in the ApplicationMaster's container,
 * and the config travels with {@code --files}. Then a cluster-mode run whose ApplicationMaster
 * JVM is killed (SIGKILL) mid-study: YARN starts attempt 2, which fails the trials attempt 1 left
 * RUNNING ("driver lost") at once, retries them and ends with exactly the trials asked for. The
 * same study on {@code submit/local.sh} with {@code local[2]} is the baseline; the class prints
 * the cluster start and every wall time (11 minutes here under a load average of 20).
 */
@Tag("cluster")
@Tag("yarn")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class YarnJobTest {
  private static final int N_TRIALS = 8;
  @TempDir static Path base;
  private static MiniYarn cluster;
  private static FileSystem fs;
  private static final Map<String, String> TIMES = new LinkedHashMap<>();
  private static final List<Job> JOBS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    cluster = new MiniYarn(base, 8192);
    TIMES.put("cluster start (HDFS + YARN)", String.format(Locale.ROOT,
        "%.1f s (HDFS %.1f s, YARN %.1f s)", (System.nanoTime() - t0) / 1e9,
        cluster.dfsStartSeconds, cluster.yarnStartSeconds));
    fs = cluster.hdfs.newClient();
    try (InputStream in = Datasets.class.getResourceAsStream(Datasets.DIGITS_RESOURCE);
        OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/data/digits.csv.gz"))) {
      in.transferTo(out);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    for (Job j : JOBS) { // a test that failed before its job ended
      j.process.descendants().forEach(ProcessHandle::destroyForcibly);
      j.process.destroyForcibly();
    }
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    TIMES.forEach((k, v) -> System.out.println("YARN " + k + ": " + v));
    System.out.println("YARN load average at the end: " + load);
    if (fs != null) {
      fs.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * {@code <dir>/study.yaml}, the README's: random sampler, 3 folds, data on HDFS; journal and
   * output come from the command line.
   */
  private static Path config(String name) throws IOException {
    Path c = Files.createDirectories(base.resolve(name)).resolve("study.yaml");
    Files.writeString(c, """
        study:
          name: %s
          direction: maximize
          sampler: random
          seed: 11
          nTrials: %d
        workload:
          type: digits-forest
          engine: local
          folds: 3
          data: hdfs:///data/digits.csv.gz
        space:
          n_estimators: {type: int, low: 5, high: 40, log: true}
          max_depth: {type: int, low: 4, high: 20}
        execution:
          heartbeatSeconds: 2
        """.formatted(name, N_TRIALS));
    return c;
  }

  /** The environment of submit/yarn.sh: the cluster's client conf, and sizes that fit the NM. */
  private static Map<String, String> env(String deployMode) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HADOOP_CONF_DIR", cluster.confDir.toString());
    env.put("DEPLOY_MODE", deployMode);
    env.put("NUM_EXECUTORS", "2");
    env.put("EXECUTOR_CORES", "1");
    env.put("EXECUTOR_MEMORY", "1g");
    env.put("DRIVER_MEMORY", "1g");
    env.put("AM_MEMORY", "512m");
    env.put("YARN_JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  private static List<String> yarnSh(Path config, String name) {
    return List.of("submit/yarn.sh", config.toString(), "--storage",
        "hdfs:///sparktune/" + name + ".jsonl", "--output", "hdfs:///sparktune/" + name);
  }

  @Test
  @Order(1)
  void clientMode_digitsStudy_dataJournalAndOutputsOnHdfs() throws Exception {
    String name = "digits-client";
    Job job = Job.start(yarnSh(config(name), name), env("client"), log(name));
    job.await(600);
    TIMES.put("digits on YARN, client mode", job.wall() + ", study " + wallSeconds(name));

    assertThat(job.code()).as(job.describe()).isZero();
    assertThat(job.output()).as(job.describe())
        .contains("Spark master yarn")
        .contains("Wrote hdfs:///sparktune/" + name + "/summary.json")
        .doesNotContain("Driver of YARN application"); // the driver is this JVM: no attempt
    assertStudy(name, 1);
  }

  @Test
  @Order(2)
  void clusterMode_digitsStudy_driverInTheApplicationMaster() throws Exception {
    String name = "digits-cluster";
    Job job = Job.start(yarnSh(config(name), name), env("cluster"), log(name));
    job.await(600);
    TIMES.put("digits on YARN, cluster mode", job.wall() + ", study " + wallSeconds(name));

    assertThat(job.code()).as(job.describe() + amLogs(job)).isZero();
    assertThat(job.output()).contains("final status: SUCCEEDED");
    String stdout = amStdout(job, 1);
    assertThat(stdout).as(amLogs(job))
        .contains("Driver of YARN application " + job.appId() + ", attempt 1 of 2 (cluster"
            + " deploy mode)")
        .contains("Spark master yarn")
        .contains("Wrote hdfs:///sparktune/" + name + "/summary.json");
    assertStudy(name, 1);
    assertThat(summary(name).get("appAttempt").asInt()).isEqualTo(1);

    Job report = Job.start(List.of("submit/sparktune", "report", "--storage", cluster.root
        + "/sparktune/" + name + ".jsonl", "--output", cluster.root + "/sparktune/report"),
        Map.of(), log(name + "-report"));
    report.await(300);

    assertThat(report.code()).as(report.describe()).isZero();
    assertThat(report.output()).contains("Wrote " + cluster.root + "/sparktune/report/report.html"
        + " and 10 plots in " + cluster.root + "/sparktune/report/plots for study " + name
        + " (" + N_TRIALS + " trials)");
    assertThat(read("/sparktune/report/report.html")).contains(name);
  }

  @Test
  @Order(3)
  void localTwo_sameStudy_baseline() throws Exception {
    String name = "digits-local";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MASTER", "local[2]");
    env.put("HADOOP_CONF_DIR", cluster.confDir.toString());
    List<String> cmd = new ArrayList<>(yarnSh(config(name), name));
    cmd.set(0, "submit/local.sh"); // HADOOP_CONF_DIR on its driver's class path: hdfs:/// works
    Job job = Job.start(cmd, env, log(name));
    job.await(600);
    TIMES.put("digits on local[2]", job.wall() + ", study " + wallSeconds(name));

    assertThat(job.code()).as(job.describe()).isZero();
    assertStudy(name, 1);
  }

  /**
   * SIGKILL of the ApplicationMaster JVM (the driver) once the journal on HDFS holds two finished
   * trials and one running: YARN's attempt 2 resumes the study.
   */
  @Test
  @Order(4)
  void clusterMode_applicationMasterKilledMidStudy_secondAttemptResumesExactly()
      throws Exception {
    String name = "digits-killed";
    Job job = Job.start(yarnSh(config(name), name), env("cluster"), log(name));
    String journal = "/sparktune/" + name + ".jsonl";
    long killedAt = 0;
    int[] atKill = null;
    long deadline = System.currentTimeMillis() + 480_000;
    while (job.alive() && System.currentTimeMillis() < deadline) {
      int[] counts = journalCounts(journal); // {created RUNNING, finished}
      if (counts[1] >= 2 && counts[0] > counts[1]) {
        Optional<ProcessHandle> am = applicationMaster(job.appId(), 1);
        if (am.isPresent()) {
          am.get().destroyForcibly(); // SIGKILL: no shutdown hook, no unregister
          killedAt = System.nanoTime();
          atKill = counts;
          break;
        }
      }
      Thread.sleep(200);
    }
    assertThat(atKill).as("killed attempt 1 mid-study\n" + job.describe() + amLogs(job))
        .isNotNull();
    job.await(600);
    double resume = (System.nanoTime() - killedAt) / 1e9;

    assertThat(job.code()).as(job.describe() + amLogs(job)).isZero();
    String second = amStdout(job, 2);
    assertThat(second).as(amLogs(job))
        .contains("Driver of YARN application " + job.appId() + ", attempt 2 of 2 (cluster"
            + " deploy mode): an earlier attempt died, resuming the study from its storage")
        .containsPattern("Resuming study " + name + " from hdfs:///sparktune/" + name
            + ".jsonl: \\d+ trials stored, \\d+ to run \\([1-9]\\d* retried after a lost"
            + " driver\\)");
    List<FrozenTrial> all = assertStudy(name, 2);
    List<FrozenTrial> failed = all.stream().filter(t -> t.state() == TrialState.FAIL).toList();
    assertThat(failed).as("the trials attempt 1 left running").isNotEmpty()
        .hasSizeLessThanOrEqualTo(atKill[0] - atKill[1])
        .allSatisfy(t -> assertThat(t.systemAttrs().get(JournalStorage.FAIL_REASON).toString())
            .startsWith("driver lost"));
    // Each one with parameters is retried with them; one killed between its creation and its
    // first parameter has none to retry, and a newly sampled trial takes its place (the COMPLETE
    // count is exact either way, assertStudy).
    for (FrozenTrial f : failed.stream().filter(t -> !t.params().isEmpty()).toList()) {
      assertThat(all).anySatisfy(t -> {
        assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(t.params()).isEqualTo(f.params());
        assertThat(t.number()).isGreaterThan(f.number());
      });
    }
    assertThat(summary(name).get("appAttempt").asInt()).isEqualTo(2);
    TIMES.put("AM kill", String.format(Locale.ROOT, "killed attempt 1 at %d trials created, %d"
        + " finished; attempt 2 finished the study %.1f s later: %d COMPLETE, %d driver-lost"
        + " FAIL retried, trial numbers 0..%d once each; total %s", atKill[0], atKill[1], resume,
        all.size() - failed.size(), failed.size(), all.size() - 1, job.wall()));
  }

  /**
   * Cluster mode with a local output directory: the driver stops at start with exit 2 naming the
   * field (its container's disk would be gone after the job), before it writes anything.
   */
  @Test
  @Order(5)
  void clusterMode_localOutput_driverExits2NamingOutput_nothingWritten() throws Exception {
    String name = "digits-local-output";
    Map<String, String> env = env("cluster");
    env.put("MAX_APP_ATTEMPTS", "1");
    Job job = Job.start(List.of("submit/yarn.sh", config(name).toString(), "--storage",
        "hdfs:///sparktune/" + name + ".jsonl", "--output", "out/" + name), env, log(name));
    job.await(300);

    assertThat(job.code()).as(job.describe()).isNotZero();
    assertThat(job.output()).contains("final status: FAILED");
    assertThat(amStdout(job, 1) + stderr(job)).as(amLogs(job)).contains("error: output must be a"
        + " Hadoop FileSystem URI such as hdfs://namenode:8020/path (or a file: URI of a disk"
        + " every node shares) in cluster deploy mode, where the driver's local disk is deleted"
        + " after the job, but got 'out/" + name + "'");
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/sparktune/" + name + ".jsonl")))
        .isFalse();
  }

  private static String stderr(Job job) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path p : cluster.containerLogs(job.appId(), "stderr")) {
      b.append(Files.readString(p));
    }
    return b.toString();
  }

  /**
   * The journal of study {@code name} on HDFS: exactly {@link #N_TRIALS} COMPLETE, every other
   * trial a driver-lost FAIL, numbers 0..n-1 once each; and summary.json (counting them all),
   * trials.csv and report.html with plots beside it.
   */
  private static List<FrozenTrial> assertStudy(String name, int attempt) throws IOException {
    List<FrozenTrial> all;
    try (JournalStorage j = new JournalStorage(new HadoopJournalBackend(
        URI.create(cluster.root + "/sparktune/" + name + ".jsonl")))) {
      all = j.trials(j.findStudy(name).orElseThrow().studyId(), EnumSet.allOf(TrialState.class));
    }
    assertThat(all).extracting(FrozenTrial::number)
        .containsExactlyElementsOf(IntStream.range(0, all.size()).boxed().toList());
    assertThat(all).filteredOn(t -> t.state() == TrialState.COMPLETE).hasSize(N_TRIALS);
    assertThat(all).filteredOn(t -> t.state() != TrialState.COMPLETE).allSatisfy(t ->
        assertThat(t.systemAttrs().get(JournalStorage.FAIL_REASON).toString())
            .startsWith("driver lost"));
    JsonNode s = summary(name);
    assertThat(s.get("nTrials").asInt()).isEqualTo(all.size());
    assertThat(s.get("counts").get("COMPLETE").asInt()).isEqualTo(N_TRIALS);
    assertThat(s.get("testScore").asDouble()).isBetween(0.8, 1.0);
    assertThat(read("/sparktune/" + name + "/trials.csv").lines()).hasSize(all.size() + 1);
    assertThat(read("/sparktune/" + name + "/report.html")).contains(name);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/sparktune/" + name
        + "/plots/timeline.svg"))).isTrue();
    return all;
  }

  /** Where a job's output goes: kept under target/ for a look after the run. */
  private static Path log(String name) throws IOException {
    return Files.createDirectories(Path.of("target", "yarn-logs")).resolve(name + ".log");
  }

  private static JsonNode summary(String name) throws IOException {
    return new ObjectMapper().readTree(read("/sparktune/" + name + "/summary.json"));
  }

  private static String wallSeconds(String name) {
    try {
      return summary(name).get("wallSeconds").asText() + " s (summary.json wallSeconds)";
    } catch (IOException e) {
      return "no summary.json";
    }
  }

  private static String read(String path) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {RUNNING trials created, trials finished} in the journal as HDFS shows it now. */
  private static int[] journalCounts(String path) {
    try {
      if (!fs.exists(new org.apache.hadoop.fs.Path(path))) {
        return new int[] {0, 0};
      }
      int created = 0;
      int finished = 0;
      for (String line : read(path).lines().toList()) {
        if (line.contains("\"type\":\"createTrial\"") && line.contains("\"state\":\"RUNNING\"")) {
          created++;
        } else if (line.contains("\"type\":\"finish\"")) {
          finished++;
        }
      }
      return new int[] {created, finished};
    } catch (IOException e) {
      return new int[] {0, 0}; // a block still being written: ask again
    }
  }

  /** The JVM of attempt {@code attempt}'s ApplicationMaster container (its working directory). */
  private static Optional<ProcessHandle> applicationMaster(String appId, int attempt) {
    if (appId == null) {
      return Optional.empty();
    }
    String container = containerPrefix(appId, attempt);
    // The JVM itself, not the container's "bash -c 'java ... 1>stdout 2>stderr'" around it: killing
    // that shell makes the NodeManager SIGTERM the JVM, which then runs its shutdown hooks.
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .filter(p -> p.info().commandLine()
            .map(c -> c.contains("org.apache.spark.deploy.yarn.ApplicationMaster")).orElse(false))
        .filter(p -> {
          try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                .toString().contains(container);
          } catch (IOException e) {
            return false;
          }
        }).findFirst();
  }

  /** container_<cluster ts>_<app seq>_<attempt, 2 digits>_000001: the AM container's id. */
  private static String containerPrefix(String appId, int attempt) {
    return "container_" + appId.substring("application_".length()) + String.format(Locale.ROOT,
        "_%02d_000001", attempt);
  }

  private static String amStdout(Job job, int attempt) throws IOException {
    for (Path p : cluster.containerLogs(job.appId(), "stdout")) {
      if (p.toString().contains(containerPrefix(job.appId(), attempt))) {
        return Files.readString(p);
      }
    }
    return "";
  }

  /** The AM containers' stdout and the end of their stderr, for a failure's description. */
  private static String amLogs(Job job) {
    StringBuilder b = new StringBuilder();
    try {
      if (job.appId() == null) {
        return "\n(no application id in the client's output)";
      }
      for (String kind : List.of("stdout", "stderr")) {
        for (Path p : cluster.containerLogs(job.appId(), kind)) {
          if (!p.toString().contains("_000001/")) {
            continue;
          }
          List<String> lines = Files.readAllLines(p);
          b.append("\n--- ").append(p).append('\n').append(String.join("\n",
              lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
      }
    } catch (IOException e) {
      b.append("\n(container logs unreadable: ").append(e.getMessage()).append(')');
    }
    return b.toString();
  }

  /** A command running in the project folder, its output going to a file. */
  private static final class Job {
    private static final Pattern APP_ID = Pattern.compile("(application_\\d+_\\d+)");
    private final List<String> command;
    private final Process process;
    private final Path log;
    private final long t0 = System.nanoTime();
    private long t1;

    private Job(List<String> command, Process process, Path log) {
      this.command = command;
      this.process = process;
      this.log = log;
    }

    static Job start(List<String> command, Map<String, String> env, Path log) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().remove("SPARK_HOME");
      pb.environment().remove("JARS");
      pb.environment().putAll(env);
      Job job = new Job(List.copyOf(command), pb.start(), log);
      JOBS.add(job);
      return job;
    }

    boolean alive() {
      return process.isAlive();
    }

    void await(int seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      t1 = System.nanoTime();
    }

    int code() {
      return process.exitValue();
    }

    String wall() {
      return String.format(Locale.ROOT, "%.1f s wall", (t1 - t0) / 1e9);
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "";
      }
    }

    /** The YARN application id the client printed, or null before it did. */
    String appId() {
      Matcher m = APP_ID.matcher(output());
      return m.find() ? m.group(1) : null;
    }

    String describe() {
      return String.join(" ", command) + "\n" + output();
    }
  }
}
