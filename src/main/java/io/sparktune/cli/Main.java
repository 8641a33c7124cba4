package io.sparktune.cli;

import java.io.PrintStream;
import io.sparktune.spark.SparkSessions;
import io.sparktune.workload.BadInputException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sparktune job, for {@code spark-submit --class io.sparktune.cli.Main} and the scripts in
 * {@code submit/}: {@code run --config FILE [overrides]}, and {@code report --storage URI
 * --output DIR} ({@link ReportJob}), {@code export} and {@code import} of Optuna journals ({@link
 * OptunaJob}).
 *
 * <p>Exit codes: 0 done, 1 runtime failure, 2 bad config, arguments, data file or workload class
 * (the message names the field, the value and what was expected). Nothing is written before the
 * config is valid. Messages carry no exception class names; {@code --verbose} logs the stack trace.
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
      if (cl.command().equals("export")) {
        return OptunaJob.export(cl, out);
      }
      if (cl.command().equals("import")) {
        return OptunaJob.importStudy(cl, out);
      }
      JobConfig config = Overrides.apply(ConfigLoader.read(cl.options().get("config")),
          cl);
      SparkSession spark = SparkSessions.getOrCreate("sparktune " + config.study().name(),
          config.master());
      StudyJob.Result result =
          StudyJob.run(spark, config, cl.options().get("trials-format"), out);
      return result.bestTrial() == null ? 1 : 0;
    } catch (BadInputException e) {
      err.println("error: " + e.getMessage());
      err.println("run 'sparktune --help' for usage");
      return 2;
    } catch (RuntimeException | Error e) {
      err.println("error: " + (e.getMessage() == null
          ? "the job failed without a message (run with --verbose for the stack trace)"
          : e.getMessage()));
      if (verbose) {
        LOG.error("job failed", e);
      }
      return 1;
    }
  }
}
