package io.sparktune.yarn;

import io.sparktune.storage.hadoop.MiniHdfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * An in-process HDFS (one DataNode) and YARN (one ResourceManager, one NodeManager) with the
 * client configuration written to a directory for {@code HADOOP_CONF_DIR}, as a real cluster's
 * gateway has it. The recipe is the measured one of SPARK-NOTES §5: the CapacityScheduler queue
 * layout, no memory checks, and containers find Java through {@code JAVA_HOME} (submit/yarn.sh's
 * {@code YARN_JAVA_HOME}).
 */
final class MiniYarn implements AutoCloseable {
  final MiniHdfs hdfs;
  final MiniYARNCluster yarn;
  /** The client configuration: core-site.xml, hdfs-site.xml and yarn-site.xml. */
  final Path confDir;
  /** hdfs://localhost:port */
  final String root;
  final double dfsStartSeconds;
  final double yarnStartSeconds;

  MiniYarn(Path base, int nodeMemoryMb) throws Exception {
    long t0 = System.nanoTime();
    hdfs = new MiniHdfs(base.resolve("dfs"));
    root = hdfs.cluster.getURI().toString();
    dfsStartSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    Configuration conf = new YarnConfiguration(hdfs.conf);
    conf.set("fs.defaultFS", root);
    String q = "yarn.scheduler.capacity.root.";
    conf.set(q + "queues", "default");
    conf.set(q + "default.capacity", "100");
    conf.set(q + "default.maximum-capacity", "100");
    conf.set(q + "default.user-limit-factor", "1");
    conf.set(q + "default.state", "RUNNING");
    conf.set(q + "default.acl_submit_applications", "*");
    conf.set(q + "default.acl_administer_queue", "*");
    conf.set("yarn.scheduler.capacity.node-locality-delay", "-1");
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.setInt("yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage",
        99.9f);
    conf.setInt("yarn.resourcemanager.am.max-attempts", 2);
    conf.setInt("yarn.nodemanager.delete.debug-delay-sec", 600); // keep container logs
    yarn = new MiniYARNCluster("sparktune-yarn", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the ResourceManager did not bind a port in 60 s");
      }
      Thread.sleep(100);
    }
    yarnStartSeconds = (System.nanoTime() - t1) / 1e9;
    // the client side only: the live conf also holds test-only classes of the minicluster jar
    // (net.topology.node.switch.mapping.impl=StaticMapping) that a Spark driver cannot load
    confDir = Files.createDirectories(base.resolve("hadoop-conf"));
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", root);
    Configuration hdfsSite = new Configuration(false);
    hdfsSite.set("dfs.replication", "1");
    Configuration yarnSite = new Configuration(false);
    for (Map.Entry<String, String> e : yarn.getConfig()) {
      if (e.getKey().startsWith("yarn.resourcemanager.") && (e.getKey().endsWith("address")
          || e.getKey().endsWith("hostname"))) {
        yarnSite.set(e.getKey(), yarn.getConfig().get(e.getKey()));
      }
    }
    write(core, "core-site.xml");
    write(hdfsSite, "hdfs-site.xml");
    write(yarnSite, "yarn-site.xml");
  }

  private void write(Configuration conf, String name) throws IOException {
    try (OutputStream out = Files.newOutputStream(confDir.resolve(name))) {
      conf.writeXml(out);
    }
  }

  /** The NodeManager's container log files {@code name} (stdout, stderr) of application {@code appId}. */
  List<Path> containerLogs(String appId, String name) throws IOException {
    List<Path> found = new ArrayList<>();
    Path work = Path.of(yarn.getNodeManager(0).getConfig().get("yarn.nodemanager.log-dirs")
        .split(",")[0].replaceFirst("^file:", ""));
    if (!Files.isDirectory(work)) {
      return found;
    }
    try (Stream<Path> s = Files.walk(work)) {
      s.filter(p -> p.getFileName().toString().equals(name)
              && p.toString().contains("/" + appId + "/"))
          .sorted().forEach(found::add);
    }
    return found;
  }

  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      hdfs.close();
    }
  }
}
