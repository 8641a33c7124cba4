package io.sparktune.storage.hadoop;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** An in-process HDFS (one NameNode, one DataNode) for the Hadoop journal and cli tests. */
public final class MiniHdfs implements AutoCloseable {
  public final MiniDFSCluster cluster;
  public final Configuration conf;

  public MiniHdfs(Path baseDir) throws IOException {
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    conf.setInt("dfs.replication", 1);
    conf.setBoolean("dfs.permissions.enabled", false);
    conf.setInt(HadoopJournalBackend.COMPLETE_FILE_DELAY_KEY,
        HadoopJournalBackend.COMPLETE_FILE_DELAY_MS);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  /** A new client (its own DFSClient, so its own leases), like a second driver's. */
  public FileSystem newClient() throws IOException {
    return FileSystem.newInstance(cluster.getURI(), conf);
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
