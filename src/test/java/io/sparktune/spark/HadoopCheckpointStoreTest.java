package io.sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HadoopCheckpointStoreTest {

  private static byte[] read(HadoopCheckpointStore store, int trial, int rung) throws Exception {
    try (InputStream in = store.open(trial, rung)) {
      return in.readAllBytes();
    }
  }

  @Test
  void create_visibleOnlyAfterClose_thenReplaced(@TempDir Path dir) throws Exception {
    HadoopCheckpointStore store = new HadoopCheckpointStore(dir.toUri().toString());

    OutputStream out = store.create(3, 1);
    out.write(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> store.open(3, 1)).isInstanceOf(FileNotFoundException.class)
        .hasMessageStartingWith("checkpoint of trial 3 at rung 1 does not exist: ");
    out.close();
    assertThat(read(store, 3, 1)).containsExactly(1, 2, 3);

    try (OutputStream again = store.create(3, 1)) {
      again.write(new byte[] {9});
    }
    assertThat(read(store, 3, 1)).containsExactly(9);
    assertThat(Files.exists(dir.resolve("trial-3").resolve("rung-1.ckpt"))).isTrue();
    try (Stream<Path> files = Files.list(dir.resolve("trial-3"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void delete_removesOnlyThatRung(@TempDir Path dir) throws Exception {
    HadoopCheckpointStore store = new HadoopCheckpointStore(dir.toUri().toString());
    for (int rung = 0; rung < 2; rung++) {
      try (OutputStream out = store.create(0, rung)) {
        out.write(rung);
      }
    }

    store.delete(0, 0);
    store.delete(0, 5);

    assertThatThrownBy(() -> store.open(0, 0)).isInstanceOf(FileNotFoundException.class);
    assertThat(read(store, 0, 1)).containsExactly(1);
  }

  @Test
  void serialized_copyReadsWhatOriginalWrote(@TempDir Path dir) throws Exception {
    HadoopCheckpointStore store = new HadoopCheckpointStore(dir.toUri().toString());
    try (OutputStream out = store.create(7, 0)) {
      out.write(42);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(store);
    }
    HadoopCheckpointStore copy = (HadoopCheckpointStore) new ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray())).readObject();

    assertThat(read(copy, 7, 0)).containsExactly(42);
  }

  @Test
  void constructor_rootWithoutScheme_rejected() {
    assertThatThrownBy(() -> new HadoopCheckpointStore("/tmp/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("root must be a URI with a scheme (file://, hdfs://), but got /tmp/x");
  }
}
