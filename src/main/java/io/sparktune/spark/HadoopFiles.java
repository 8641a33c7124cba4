package io.sparktune.spark;

import io.sparktune.storage.StorageException;
import io.sparktune.storage.hadoop.HadoopJournalBackend;
import io.sparktune.storage.journal.JournalBackend;
import io.sparktune.storage.journal.JournalStorage;
import io.sparktune.storage.journal.LocalFileJournalBackend;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
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

  /**
   * Opens the journal that a path or URI names, for the CLI's {@code --storage} and the MLlib
   * tuner's {@code storage} alike: a plain path or {@code file:} URI gets the local backend (an
   * exclusive lock, fsync), any other scheme the Hadoop FileSystem backend.
   *
   * @param field how the caller names the location in an error ({@code --storage}, {@code storage})
   * @param existing true if the journal must exist already (a reader: it never creates one)
   * @param conf the Hadoop configuration (null: the default one of the class path)
   * @param clock the journal's clock (null: the system clock)
   * @throws IllegalArgumentException naming {@code field} and {@code uri} if it cannot be opened
   */
  public static JournalStorage openJournal(String field, String uri, boolean existing,
      Configuration conf, InstantSource clock) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " must be a path or a URI (file:, hdfs:, s3a:),"
          + " but got '" + uri + "'", e);
    }
    boolean local = parsed.getScheme() == null || parsed.getScheme().equals("file");
    java.nio.file.Path file = !local ? null : (parsed.getScheme() == null
        ? java.nio.file.Path.of(uri) : java.nio.file.Path.of(parsed)).toAbsolutePath();
    String missing = !existing ? null : local
        ? (Files.isRegularFile(file) ? null : "") : fileProblem(uri);
    if (missing != null) {
      throw new IllegalArgumentException(field + " must be an existing journal file, but got '"
          + uri + "'" + (missing.isEmpty() ? "" : " (" + missing + ")"));
    }
    try {
      JournalBackend backend = local ? new LocalFileJournalBackend(file)
          : new HadoopJournalBackend(new Path(parsed), conf == null ? new Configuration() : conf,
              Duration.ofMinutes(2));
      return clock == null ? new JournalStorage(backend) : new JournalStorage(backend, clock);
    } catch (StorageException e) { // it opened, but its lines are not a journal's
      throw new IllegalArgumentException(field + " must name a sparktune journal, but got '" + uri
          + "' (" + e.getMessage() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(field + " must name a journal "
          + (local ? "this process can read and write" : "a Hadoop FileSystem can open")
          + ", but got '" + uri + "' (" + (local && e.getMessage() != null ? e.getMessage()
          : reason(e)) + ")", e);
    }
  }

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
