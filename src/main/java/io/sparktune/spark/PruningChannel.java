package io.sparktune.spark;

import static io.sparktune.internal.Checks.require;

import io.sparktune.trial.Trial;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of the in-trial pruning channel: trials running inside Spark tasks call {@code
 * report(value, step)} and {@code shouldPrune()} on the driver's live trial, so the pruner decides
 * with every report that other running trials made up to that moment, not with a snapshot taken at
 * dispatch.
 *
 * <p>A TCP server bound to the address Spark binds its own driver endpoint to ({@code
 * spark.driver.bindAddress}, else {@code spark.driver.host}), on an ephemeral port. Every
 * connection must first prove it knows the study's secret: the server sends a fresh 16-byte
 * nonce, the client answers {@code HMAC-SHA256(secret, "sparktune-pruning-v1" || nonce)}, and a
 * wrong or late answer (5 s) closes the connection before any request is read. The secret is 32
 * bytes from {@link SecureRandom}, made per channel, and reaches executors inside the serialized
 * task ({@link Client}); like Spark's own RPC authentication it authenticates, it does not
 * encrypt (turn on {@code spark.network.crypto.enabled} and {@code spark.io.encryption} for
 * that).
 *
 * <p>Requests after the handshake: {@code REPORT(trial, step, value)} and {@code
 * SHOULD_PRUNE(trial)}; each gets a status byte and, for SHOULD_PRUNE, the decision.
 */
final class PruningChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PruningChannel.class);
  static final int MAGIC = 0x53545043; // "STPC"
  static final int VERSION = 1;
  static final byte OP_REPORT = 1;
  static final byte OP_SHOULD_PRUNE = 2;
  static final byte OK = 1;
  static final byte REJECTED = 0;
  static final int HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  private static final byte[] CONTEXT = "sparktune-pruning-v1".getBytes(StandardCharsets.US_ASCII);

  /** Finds the driver's live handle of a running trial, or null if it is not running. */
  @FunctionalInterface
  public interface Trials {
    /** The live trial {@code number}, or null. */
    Trial running(int number);
  }

  private final ServerSocket server;
  private final byte[] secret;
  private final Trials trials;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService handlers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();
  private volatile boolean closed;

  private PruningChannel(String bindHost, Trials trials) throws IOException {
    this.trials = trials;
    this.secret = new byte[32];
    random.nextBytes(secret);
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
    this.handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sparktune-pruning-channel");
      t.setDaemon(true);
      return t;
    });
    handlers.execute(this::acceptLoop);
  }

  /**
   * Starts a channel bound to {@code bindHost} (an address of this machine) on an ephemeral port.
   *
   * @throws IOException if the address cannot be bound
   */
  public static PruningChannel start(String bindHost, Trials trials) throws IOException {
    require(bindHost != null && !bindHost.isBlank(), "bindHost must be an address, but got %s",
        bindHost);
    require(trials != null, "trials must not be null, but got null");
    return new PruningChannel(bindHost, trials);
  }

  /** Where Spark binds its driver endpoint: {@code spark.driver.bindAddress}, else the host. */
  public static String driverBindAddress(org.apache.spark.SparkConf conf) {
    return conf.contains("spark.driver.bindAddress") ? conf.get("spark.driver.bindAddress")
        : conf.get("spark.driver.host", "127.0.0.1");
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** The client an executor uses, carrying the secret (ship it inside the task only). */
  public Client client() {
    return new Client(address().getAddress().getHostAddress(), address().getPort(),
        secret.clone());
  }

  /** Connections closed because they did not authenticate. */
  public int rejectedConnections() {
    return rejected.get();
  }

  /** Requests answered. */
  public int servedRequests() {
    return served.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        open.add(s);
        handlers.execute(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("pruning channel accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.write(nonce);
      out.flush();
      byte[] answer = new byte[32];
      in.readFully(answer);
      if (!MessageDigest.isEqual(answer, mac(secret, nonce))) {
        rejected.incrementAndGet();
        LOG.warn("pruning channel: rejected an unauthenticated connection from {}",
            s.getRemoteSocketAddress());
        out.writeByte(REJECTED);
        out.flush();
        return;
      }
      out.writeByte(OK);
      out.flush();
      s.setSoTimeout(0);
      while (!closed) {
        byte op = in.readByte();
        int number = in.readInt();
        Trial trial = trials.running(number);
        if (op == OP_REPORT) {
          int step = in.readInt();
          double value = in.readDouble();
          if (trial != null) {
            trial.report(value, step);
          }
          out.writeByte(trial != null ? OK : REJECTED);
        } else if (op == OP_SHOULD_PRUNE) {
          out.writeByte(trial != null ? OK : REJECTED);
          out.writeBoolean(trial != null && trial.shouldPrune());
        } else {
          LOG.warn("pruning channel: unknown request {} from {}", op, s.getRemoteSocketAddress());
          return;
        }
        out.flush();
        served.incrementAndGet();
      }
    } catch (SocketTimeoutException e) {
      rejected.incrementAndGet();
      LOG.warn("pruning channel: no authentication within {} ms from {}",
          HANDSHAKE_TIMEOUT_MILLIS, s.getRemoteSocketAddress());
    } catch (EOFException e) {
      // the client went away
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.warn("pruning channel connection from {} ended: {}", s.getRemoteSocketAddress(),
            e.toString());
      }
    } finally {
      open.remove(s);
    }
  }

  static byte[] mac(byte[] secret, byte[] nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(CONTEXT);
      return mac.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 must be available, but got " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    handlers.shutdownNow();
  }

  /**
   * The executor's end: a serializable address plus secret that connects lazily on first use and
   * keeps one authenticated connection per deserialized copy (one per task).
   */
  public static final class Client implements java.io.Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final int port;
    private final byte[] secret;
    private transient Socket socket;
    private transient DataInputStream in;
    private transient DataOutputStream out;

    Client(String host, int port, byte[] secret) {
      this.host = host;
      this.port = port;
      this.secret = secret;
    }

    private void connect() throws IOException {
      if (socket != null) {
        return;
      }
      Socket s = new Socket(host, port);
      s.setTcpNoDelay(true);
      DataInputStream i = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      DataOutputStream o = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      int magic = i.readInt();
      int version = i.readInt();
      if (magic != MAGIC || version != VERSION) {
        s.close();
        throw new IOException("pruning channel must answer magic " + MAGIC + " version "
            + VERSION + ", but got " + magic + " version " + version);
      }
      byte[] nonce = new byte[16];
      i.readFully(nonce);
      o.write(mac(secret, nonce));
      o.flush();
      if (i.readByte() != OK) {
        s.close();
        throw new IOException("pruning channel refused the secret");
      }
      socket = s;
      in = i;
      out = o;
    }

    /** Reports {@code value} at {@code step} of trial {@code number} on the driver. */
    public synchronized void report(int number, int step, double value) throws IOException {
      connect();
      out.writeByte(OP_REPORT);
      out.writeInt(number);
      out.writeInt(step);
      out.writeDouble(value);
      out.flush();
      check(in.readByte(), number);
    }

    /** The driver's pruner's decision for trial {@code number}, with the reports up to now. */
    public synchronized boolean shouldPrune(int number) throws IOException {
      connect();
      out.writeByte(OP_SHOULD_PRUNE);
      out.writeInt(number);
      out.flush();
      byte status = in.readByte();
      boolean prune = in.readBoolean();
      check(status, number);
      return prune;
    }

    private static void check(byte status, int number) throws IOException {
      if (status != OK) {
        throw new IOException("trial " + number + " must be running on the driver, but got a"
            + " trial that is not");
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }
}
