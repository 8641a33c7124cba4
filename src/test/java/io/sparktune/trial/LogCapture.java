package io.sparktune.trial;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs (level and formatted message) while open; for tests. */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final AbstractAppender appender;
  private final Thread opener = Thread.currentThread();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> elsewhere = new CopyOnWriteArrayList<>();

  private LogCapture(Class<?> source) {
    this.logger = (Logger) LogManager.getLogger(source);
    this.appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        String line = event.getLevel() + " " + event.getMessage().getFormattedMessage();
        lines.add(line);
        if (!event.getThreadName().equals(opener.getName())) {
          elsewhere.add(line);
        }
      }
    };
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing what {@code source}'s logger logs. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** The lines so far, as {@code LEVEL message}. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines logged by threads other than the one that opened this capture. */
  public List<String> fromOtherThreads() {
    return List.copyOf(elsewhere);
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
