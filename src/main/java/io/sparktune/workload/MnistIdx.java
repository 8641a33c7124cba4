package io.sparktune.workload;

import static io.sparktune.internal.Checks.require;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST IDX files: {@code *-images-idx3-ubyte} (magic 2051, count, rows, columns, then one
 * unsigned byte per pixel, row-major) and {@code *-labels-idx1-ubyte} (magic 2049, count, then one
 * byte per label), gzip or not (detected from the first bytes). Pixels are scaled to [0, 1].
 *
 * <p>The project ships the 10,000-image MNIST subset ({@link #bundledTrain()}: 8,000 images,
 * {@link #bundledTest()}: 2,000); the full-size MNIST files (60,000 + 10,000) load the same way
 * with {@link #load}.
 */
public final class MnistIdx {
  /** Magic number of an IDX file of unsigned-byte 3-d tensors (images). */
  public static final int IMAGES_MAGIC = 2051;
  /** Magic number of an IDX file of unsigned-byte vectors (labels). */
  public static final int LABELS_MAGIC = 2049;
  private static final String BUNDLED = "/datasets/mnist10k-%s-%s-idx%d-ubyte.gz";

  private MnistIdx() {}

  /** The bundled 8,000 training images. */
  public static LabeledData bundledTrain() {
    return bundled("train");
  }

  /** The bundled 2,000 test images. */
  public static LabeledData bundledTest() {
    return bundled("test");
  }

  private static LabeledData bundled(String part) {
    String images = String.format(BUNDLED, part, "images", 3);
    String labels = String.format(BUNDLED, part, "labels", 1);
    InputStream x = MnistIdx.class.getResourceAsStream(images);
    InputStream y = MnistIdx.class.getResourceAsStream(labels);
    require(x != null && y != null, "the bundled data set %s must be on the classpath, but got"
        + " none", images);
    try (x; y) {
      return read(x, y, images);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images, e);
    }
  }

  /** Loads an images file and its labels file (gzip or plain). */
  public static LabeledData load(Path images, Path labels) {
    require(Files.isRegularFile(images), "images must be a readable file, but got %s", images);
    require(Files.isRegularFile(labels), "labels must be a readable file, but got %s", labels);
    try (InputStream x = Files.newInputStream(images);
        InputStream y = Files.newInputStream(labels)) {
      return read(x, y, images.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images + " and " + labels, e);
    }
  }

  /**
   * Reads an images stream and its labels stream (gzip or plain); {@code name} names them in
   * messages.
   *
   * @throws IllegalArgumentException if a stream is not IDX of the right kind, is truncated, or the
   *     counts differ
   */
  public static LabeledData read(InputStream images, InputStream labels, String name)
      throws IOException {
    DataInputStream x = new DataInputStream(maybeGunzip(images));
    DataInputStream y = new DataInputStream(maybeGunzip(labels));
    int magic = x.readInt();
    require(magic == IMAGES_MAGIC, "%s magic number must be %d (idx3 images), but got %d", name,
        IMAGES_MAGIC, magic);
    int count = x.readInt();
    int rows = x.readInt();
    int cols = x.readInt();
    require(count >= 0 && rows > 0 && cols > 0,
        "%s dimensions must be positive, but got %d x %d x %d", name, count, rows, cols);
    int labelMagic = y.readInt();
    require(labelMagic == LABELS_MAGIC, "%s labels magic number must be %d (idx1 labels), but got"
        + " %d", name, LABELS_MAGIC, labelMagic);
    int labelCount = y.readInt();
    require(labelCount == count, "%s labels count must equal the image count %d, but got %d",
        name, count, labelCount);
    int width = rows * cols;
    double[][] features = new double[count][width];
    int[] out = new int[count];
    byte[] pixels = new byte[width];
    byte[] labelBytes = new byte[count];
    try {
      for (int i = 0; i < count; i++) {
        x.readFully(pixels);
        double[] row = features[i];
        for (int j = 0; j < width; j++) {
          row[j] = (pixels[j] & 0xff) / 255.0;
        }
      }
      y.readFully(labelBytes);
    } catch (EOFException e) {
      throw new IllegalArgumentException(String.format(
          "%s must hold %d images of %d x %d pixels and %d labels, but got a truncated file",
          name, count, rows, cols, count), e);
    }
    for (int i = 0; i < count; i++) {
      out[i] = labelBytes[i] & 0xff;
    }
    return LabeledData.of(features, out);
  }

  private static InputStream maybeGunzip(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16))
        : in;
  }
}
