package io.sparktune.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MnistIdxTest {

  /** A tiny IDX pair: {@code count} images of 3 x 2 pixels, pixel j of image i = 40 i + j. */
  private static byte[][] idx(int count, int labelCount, boolean gzip) throws IOException {
    ByteArrayOutputStream images = new ByteArrayOutputStream();
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    try (DataOutputStream x = new DataOutputStream(wrap(images, gzip));
        DataOutputStream y = new DataOutputStream(wrap(labels, gzip))) {
      x.writeInt(2051);
      x.writeInt(count);
      x.writeInt(3);
      x.writeInt(2);
      for (int i = 0; i < count; i++) {
        for (int j = 0; j < 6; j++) {
          x.writeByte(i == count - 1 && j == 5 ? 255 : 40 * i + j);
        }
      }
      y.writeInt(2049);
      y.writeInt(labelCount);
      for (int i = 0; i < count; i++) {
        y.writeByte(i % 10);
      }
    }
    return new byte[][] {images.toByteArray(), labels.toByteArray()};
  }

  private static OutputStream wrap(OutputStream out, boolean gzip) throws IOException {
    return gzip ? new GZIPOutputStream(out) : out;
  }

  @Test
  void load_gzipAndPlainFiles_sameScaledPixelsAndLabels(@TempDir Path dir) throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      byte[][] f = idx(4, 4, gzip);
      Path images = dir.resolve("images" + gzip);
      Path labels = dir.resolve("labels" + gzip);
      Files.write(images, f[0]);
      Files.write(labels, f[1]);

      LabeledData d = MnistIdx.load(images, labels);

      assertThat(d.size()).isEqualTo(4);
      assertThat(d.width()).isEqualTo(6);
      assertThat(d.labels()).containsExactly(0, 1, 2, 3);
      assertThat(d.features()[1][2]).isEqualTo(42 / 255.0);
      assertThat(d.features()[3][5]).isEqualTo(1.0);
      assertThat(d.features()[0][0]).isEqualTo(0.0);
    }
  }

  @Test
  void read_wrongMagic_namesExpectedMagic() throws IOException {
    byte[][] f = idx(2, 2, false);
    assertThatThrownBy(() -> MnistIdx.read(new ByteArrayInputStream(f[1]),
        new ByteArrayInputStream(f[1]), "x.idx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.idx magic number must be 2051 (idx3 images), but got 2049");
  }

  @Test
  void read_labelCountDiffers_rejected() throws IOException {
    byte[][] f = idx(2, 3, false);
    assertThatThrownBy(() -> MnistIdx.read(new ByteArrayInputStream(f[0]),
        new ByteArrayInputStream(f[1]), "x.idx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.idx labels count must equal the image count 2, but got 3");
  }

  @Test
  void read_truncatedImages_rejected() throws IOException {
    byte[][] f = idx(3, 3, false);
    byte[] cut = Arrays.copyOf(f[0], f[0].length - 1);
    assertThatThrownBy(() -> MnistIdx.read(new ByteArrayInputStream(cut),
        new ByteArrayInputStream(f[1]), "x.idx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.idx must hold 3 images of 3 x 2 pixels and 3 labels, but got a truncated"
            + " file");
  }

  @Test
  void bundled_tenThousandSubset_shapesAndClasses() {
    LabeledData train = MnistIdx.bundledTrain();
    LabeledData test = MnistIdx.bundledTest();

    assertThat(train.size()).isEqualTo(8000);
    assertThat(test.size()).isEqualTo(2000);
    assertThat(train.width()).isEqualTo(784);
    assertThat(train.numClasses()).isEqualTo(10);
    assertThat(Arrays.stream(train.features()).flatMapToDouble(Arrays::stream).max())
        .hasValue(1.0);
  }
}
