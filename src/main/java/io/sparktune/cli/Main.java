package io.sparktune.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sparktune job, for {@code spark-submit --class io.sparktune.cli.Main} and the scripts in
 * {@code submit/}: {@code run --config FILE [overrides]}, and {@code report --storage URI
 * --output DIR} ({@link ReportJob}).
 *
 * <p>Exit codes: 0 done, 1 runtime failure, 2 bad config or arguments (the message names the field
 * and the allowed values). Nothing is written before the config is valid.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")
        || args[0].equals("help"))) {
      out.print(CommandLine.USAGE);
      return 0;
    }
    boolean verbose = false;
    try {
      CommandLine cl = CommandLine.parse(args);
      verbose = cl.options().containsKey("verbose");
      if (cl.command().equals("report")) {
        return ReportJob.run(cl, out);
      }
      JobConfig config = Overrides.apply(ConfigLoader.load(Path.of(cl.options().get("config"))),
          cl);
      RunJob.Result result = RunJob.run(config, out);
      try {
        ReportJob.writeTrialsTable(cl, result.study().trials(), Path.of(config.output()), out);
      } finally {
        if (result.study().storage()
            instanceof io.sparktune.storage.journal.JournalStorage journal) {
          journal.close();
        }
      }
      return result.bestTrial() == null ? 1 : 0;
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      err.println("run 'sparktune --help' for usage");
      return 2;
    } catch (RuntimeException | Error e) {
      err.println("error: " + e);
      if (verbose) {
        LOG.error("job failed", e);
      }
      return 1;
    }
  }
}
