package io.sparktune.cli;

import static io.sparktune.cli.Fields.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: {@code run --config FILE [overrides]}, {@code report --storage URI
 * --output DIR [options]}, {@code export --storage URI --output FILE [options]} or {@code import
 * --input FILE --storage URI [options]}. Options take {@code --name value} or {@code --name=value}.
 *
 * @param command the verb
 * @param options option name (without dashes) to value
 */
record CommandLine(String command, Map<String, String> options) {
  static final List<String> COMMANDS = List.of("run", "report", "export", "import");
  static final List<String> RUN_OPTIONS = List.of("--config", "--n-trials", "--sampler", "--seed",
      "--output", "--master", "--engine", "--parallelism", "--mode", "--loop", "--storage",
      "--trials-format", "--pruner", "--pruner-percentile", "--pruner-warmup-steps",
      "--pruner-startup-trials", "--verbose");
  static final List<String> REPORT_OPTIONS = List.of("--storage", "--output", "--study",
      "--trials-format", "--master", "--verbose");
  static final List<String> TRIALS_FORMATS = List.of("parquet", "csv", "json");
  static final List<String> EXPORT_OPTIONS = List.of("--storage", "--output", "--format",
      "--study", "--verbose");
  static final List<String> IMPORT_OPTIONS = List.of("--input", "--storage", "--study", "--as",
      "--enqueue-best", "--verbose");

  static final String USAGE = """
      usage: sparktune run --config FILE [options]
             sparktune report --storage URI --output DIR [--study NAME] [--trials-format F]
             sparktune export --storage URI --output FILE [--format optuna-journal] [--study NAME]
             sparktune import --input FILE --storage URI [--study NAME] [--as NAME]
                              [--enqueue-best N]

        --config FILE         study config, YAML or JSON (a path or a Hadoop URI; conf/digits.yaml)
        --n-trials N          number of trials (grid: at most the grid size)
        --sampler NAME        grid | random | tpe
        --seed N              seed of the sampler, the splits and the models
        --output DIR          where the outputs go (a path or a Hadoop URI such as hdfs://...)
        --master URL          Spark master (default: spark-submit's, else local[*])
        --engine NAME         native | local (digits-forest; MLlib: conf/digits-mllib.yaml)
        --parallelism N       trials run at once (mode threads)
        --mode NAME           auto | threads | tasks | jobs: where trials run
        --loop NAME           async | sync: refill free slots at once, or wait for each batch
        --storage URI         keep the study in a journal (path, file:, hdfs:, s3a:); an
                              existing study of that name is resumed, and --n-trials is the
                              total it should reach
        --trials-format F     also write the trials table with Spark: parquet | csv | json
        --pruner NAME         none | median | percentile | asha | sha | hyperband
        --pruner-percentile P percentile pruner: prune below the P-th percentile (0-100)
        --pruner-warmup-steps N   median/percentile: no pruning before step N (epoch, round)
        --pruner-startup-trials N median/percentile: no pruning before N trials complete
        --verbose             stack traces of failures in the log

      report: report.html and plots/*.svg of a study in a journal
        --storage URI         journal file (path or file:), or hdfs://, s3a://... via Hadoop
        --output DIR          where report.html, plots/ (and trials-<format>/) go
        --study NAME          the study, if the journal holds more than one

      export: the studies of a journal as an Optuna journal file, which optuna.load_study
      (JournalStorage + JournalFileStorage) and optuna-dashboard open
        --storage URI         sparktune journal (path, file:, hdfs:, ...)
        --output FILE         the Optuna journal to write (path or Hadoop URI); replaced if present
        --format F            optuna-journal (the only format)
        --study NAME          only this study (default: every study of the journal)

      import: a study of an Optuna journal (Optuna 3.1 or later) into a sparktune journal
        --input FILE          the Optuna journal (path or Hadoop URI)
        --storage URI         sparktune journal to add the study to (created if missing)
        --study NAME          the Optuna study, if the file holds more than one
        --as NAME             the new sparktune study's name (default: the Optuna study's)
        --enqueue-best N      warm start: the new study gets only the N best COMPLETE trials'
                              parameters as enqueued trials, which 'run' evaluates first

      exit codes: 0 done, 1 runtime failure, 2 bad config or arguments
      """;

  static CommandLine parse(String[] args) {
    if (args.length == 0) {
      throw error("command must be one of %s, but got none", COMMANDS);
    }
    String command = args[0];
    if (!COMMANDS.contains(command)) {
      throw error("command must be one of %s, but got '%s'", COMMANDS, command);
    }
    List<String> allowed = switch (command) {
      case "run" -> RUN_OPTIONS;
      case "export" -> EXPORT_OPTIONS;
      case "import" -> IMPORT_OPTIONS;
      default -> REPORT_OPTIONS;
    };
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!allowed.contains(name)) {
        throw error("option must be one of %s, but got '%s'", allowed, arg);
      }
      if (name.equals("--verbose")) {
        options.put("verbose", "true");
        continue;
      }
      if (value == null) {
        if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
          throw error("%s must be followed by a value, but got none", name);
        }
        value = rest.get(++i);
      }
      if (options.put(name.substring(2), value) != null) {
        throw error("%s must be given at most once, but got it twice", name);
      }
    }
    List<String> required = switch (command) {
      case "run" -> List.of("config");
      case "import" -> List.of("input", "storage");
      default -> List.of("storage", "output");
    };
    for (String r : required) {
      if (!options.containsKey(r)) {
        throw error("--%s must be given, but got none", r);
      }
    }
    if (options.containsKey("trials-format")) {
      options.put("trials-format",
          Fields.choice(options.get("trials-format"), "--trials-format", TRIALS_FORMATS));
    }
    return new CommandLine(command, options);
  }

  Integer intOption(String name, int min) {
    String v = options.get(name);
    if (v == null) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw error("--%s must be an integer, but got '%s'", name, v);
    }
    if (n < min || n > Integer.MAX_VALUE) {
      throw error("--%s must be >= %d, but got %s", name, min, v);
    }
    return (int) n;
  }

  Long longOption(String name) {
    String v = options.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw error("--%s must be an integer, but got '%s'", name, v);
    }
  }
}
