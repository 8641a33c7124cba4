package io.sparktune.workload;

import static io.sparktune.internal.Checks.require;

import io.sparktune.spark.HadoopFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Loads the bundled data sets and user files of the same formats.
 *
 * <p>Digits: scikit-learn's {@code digits.csv.gz} (UCI optical digits, CC BY 4.0): no header, 64
 * pixel columns with values 0-16, then the label 0-9; 1,797 rows.
 */
public final class Datasets {
  /** Classpath location of the bundled digits file. */
  public static final String DIGITS_RESOURCE = "/datasets/digits.csv.gz";

  private Datasets() {}

  /** The bundled digits data set. */
  public static LabeledData digits() {
    InputStream in = Datasets.class.getResourceAsStream(DIGITS_RESOURCE);
    require(in != null, "the bundled data set %s must be on the classpath, but got none",
        DIGITS_RESOURCE);
    return readCsv(in, DIGITS_RESOURCE, true);
  }

  /**
   * A CSV file whose last column is an integer label and the others numeric features (gzip if the
   * name ends in {@code .gz}); no header.
   */
  public static LabeledData csv(Path file) {
    require(Files.isRegularFile(file), "workload.data must be a readable file, but got %s", file);
    try {
      return readCsv(Files.newInputStream(file), file.toString(),
          file.getFileName().toString().endsWith(".gz"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * As {@link #csv(Path)} for a location: a Hadoop FileSystem URI ({@code hdfs://...}) is read
   * through Hadoop, a plain path or {@code file:} URI from the local disk.
   */
  public static LabeledData csv(String location) {
    if (!HadoopFiles.isRemote(location)) {
      return csv(HadoopFiles.localPath(location));
    }
    try {
      return readCsv(HadoopFiles.open(location), location, location.endsWith(".gz"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + HadoopFiles.reason(e),
          e);
    }
  }

  private static LabeledData readCsv(InputStream raw, String name, boolean gzip) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (InputStream in = gzip ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      int width = -1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        if (width < 0) {
          width = cells.length;
        }
        require(cells.length == width && width >= 2,
            "%s line %d must have %d columns, but got %d", name, lineNo, width, cells.length);
        double[] x = new double[width - 1];
        try {
          for (int i = 0; i < width - 1; i++) {
            x[i] = Double.parseDouble(cells[i].trim());
          }
          double y = Double.parseDouble(cells[width - 1].trim());
          require(y == Math.rint(y) && y >= 0,
              "%s line %d label must be a non-negative integer, but got %s", name, lineNo,
              cells[width - 1]);
          labels.add((int) y);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(String.format(
              "%s line %d must hold numbers, but got '%s'", name, lineNo, line), e);
        }
        rows.add(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    require(!rows.isEmpty(), "%s must hold at least one row, but got none", name);
    return LabeledData.of(rows.toArray(new double[0][]),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
