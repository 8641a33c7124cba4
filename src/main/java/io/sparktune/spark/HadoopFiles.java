package io.sparktune.spark;

import io.sparktune.storage.hadoop.HadoopJournalBackend;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.security.AccessControlException;

/**
 * Inputs and outputs named by a Hadoop FileSystem URI ({@code hdfs://nn:8020/data/x.csv}, {@code
 * s3a://...}). A plain path or a {@code file:} URI is not "remote": callers keep using {@code
 * java.nio.file} for those, as before. Files are written to a temporary name in the target
 * directory and renamed into place (atomic on HDFS, where the rename also replaces an old file).
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** True for a URI with a scheme other than {@code file} (a Windows drive letter is a path). */
  public static boolean isRemote(String location) {
    if (location == null) {
      return false;
    }
    try {
      String scheme = new URI(location).getScheme();
      return scheme != null && scheme.length() > 1 && !scheme.equalsIgnoreCase("file");
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /**
   * The local path a non-remote location names: a plain path as given, a {@code file:} URI's
   * path.
   *
   * @throws IllegalArgumentException for a {@code file:} URI that names no absolute path
   */
  public static java.nio.file.Path localPath(String location) {
    return location.startsWith("file:") ? java.nio.file.Path.of(URI.create(location))
        : java.nio.file.Path.of(location);
  }

  /**
   * The FileSystem of {@code uri}: one instance of our own per scheme and authority (never close
   * it), kept out of Hadoop's cache so that Spark's own instances keep Spark's configuration.
   * Unless the configuration sets it, a close waits {@value
   * HadoopJournalBackend#COMPLETE_FILE_DELAY_MS} ms, not 400, before asking whether the file is
   * complete (see {@link HadoopJournalBackend#COMPLETE_FILE_DELAY_KEY}).
   */
  public static FileSystem fs(String uri) throws IOException {
    try {
      URI u = new Path(uri).toUri();
      String key = u.getScheme() + "://" + u.getAuthority();
      synchronized (INSTANCES) {
        FileSystem fs = INSTANCES.get(key);
        if (fs == null) {
          Configuration conf = new Configuration();
          if (conf.get(HadoopJournalBackend.COMPLETE_FILE_DELAY_KEY) == null) {
            conf.setInt(HadoopJournalBackend.COMPLETE_FILE_DELAY_KEY,
                HadoopJournalBackend.COMPLETE_FILE_DELAY_MS);
          }
          fs = FileSystem.newInstance(u, conf);
          INSTANCES.put(key, fs);
        }
        return fs;
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static final java.util.Map<String, FileSystem> INSTANCES = new java.util.HashMap<>();

  /**
   * Why {@code e} stopped a read or write, for a message: no class names, no stack.
   */
  public static String reason(Exception e) {
    if (e instanceof FileNotFoundException) {
      return "no such file";
    }
    if (e instanceof AccessControlException) {
      return "permission denied";
    }
    if (e instanceof UnsupportedFileSystemException) {
      return "no Hadoop FileSystem is installed for its scheme";
    }
    return "its FileSystem cannot be reached or read";
  }

  /** Null if {@code uri} is a readable file, else why not ({@link #reason}, or "a directory"). */
  public static String fileProblem(String uri) {
    try {
      FileStatus st = fs(uri).getFileStatus(new Path(uri));
      return st.isFile() ? null : "a directory, not a file";
    } catch (IOException | RuntimeException e) {
      return reason(e);
    }
  }

  /** Null if {@code uri} is a directory or does not exist yet on a reachable FileSystem. */
  public static String directoryProblem(String uri) {
    try {
      FileStatus st = fs(uri).getFileStatus(new Path(uri));
      return st.isDirectory() ? null : "a file, not a directory";
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return reason(e);
    }
  }

  /** True if {@code uri} is a file. */
  public static boolean isFile(String uri) throws IOException {
    try {
      return fs(uri).getFileStatus(new Path(uri)).isFile();
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  /** Opens {@code uri} for reading. */
  public static InputStream open(String uri) throws IOException {
    return fs(uri).open(new Path(uri));
  }

  /** {@code child} under the directory URI {@code dir}. */
  public static String resolve(String dir, String child) {
    return (dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir) + "/" + child;
  }

  /**
   * Writes {@code content} to {@code uri}: into a temporary file beside it, then a rename that
   * replaces an existing file (atomically on HDFS; elsewhere the old file is deleted first).
   */
  public static void write(String uri, byte[] content) throws IOException {
    FileSystem fs = fs(uri);
    Path target = new Path(uri);
    fs.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), "." + target.getName() + "."
        + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(content);
      }
      if (fs instanceof DistributedFileSystem dfs) {
        dfs.rename(tmp, target, Options.Rename.OVERWRITE);
      } else if (!fs.rename(tmp, target)) {
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
          throw new IOException("cannot rename " + tmp + " to " + target);
        }
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, false);
      }
    }
  }
}
