package io.sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktune.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shell command of the course guide ({@code docs/guide/*.md}) runs, at its smoke budget, so
 * the guide cannot rot (issue 19, {@code /work/tasks/GUIDE-CONTRACT.md}).
 *
 * <p>Rules, as the contract states them:
 * <ul>
 *   <li>Each {@code ```sh} fence is one dynamic test; its non-empty, non-comment lines are
 *       commands (a line ending in {@code \} continues on the next), run from the repo root, in
 *       file order and fence order (so a later fence may resume an earlier one's storage).
 *   <li>{@code <!-- smoke: ARGS -->} on the line right before a fence adds ARGS to every
 *       {@code submit/local.sh} / {@code submit/sparktune} line of the fence. The CLI refuses an
 *       option given twice, so an option of ARGS replaces the line's own (a line's
 *       {@code --n-trials 60} becomes the smoke's {@code --n-trials 2}).
 *       {@code <!-- smoke: skip REASON -->} skips the fence (reported as skipped, with the
 *       reason, which must be given).
 *   <li>{@code submit/local.sh CONFIG ARGS} and {@code submit/sparktune VERB ARGS} run in this
 *       JVM through {@link Main#run} on the shared {@code local[2]} session (a leading
 *       {@code MASTER=...} becomes {@code --master}, which the running session overrides: the
 *       smoke checks the command, not the master; any other variable, such as {@code JARS},
 *       cannot be honoured in-process and fails the fence, which must then be skipped and run
 *       by a test of its own); the exit code must be 0 and the outputs
 *       must exist ({@code summary.json} and {@code trials.csv} of a run, {@code report.html} of
 *       a report, the file of an export). Every other line runs with {@code bash -c} and a
 *       timeout, and must exit 0.
 *   <li>Outputs go under {@code target/guide-smoke/}: every path the commands name that starts
 *       with {@code out/} is rewritten to {@code target/guide-smoke/out/}, on in-process and bash
 *       lines alike, and a run without {@code --output} gets its config's {@code output:} so
 *       rewritten.
 *   <li>A {@code ```java} fence must equal, line for line, a block of some file under
 *       {@code examples/} between {@code // guide:start NAME} and {@code // guide:end} (the
 *       block's lines with the indentation of its start marker removed).
 * </ul>
 */
@Tag("spark")
final class GuideCommandsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path GUIDE = ROOT.resolve("docs/guide");
  private static final String SMOKE_OUT = "target/guide-smoke/out/";
  private static final Pattern SMOKE = Pattern.compile("^<!--\\s*smoke:\\s*(.*?)\\s*-->$");
  private static final Pattern ENV = Pattern.compile("^[A-Z_][A-Z0-9_]*=.*");
  private static final Pattern OUT_PATH = Pattern.compile("(^|[\\s=:'\"])out/");
  private static final int BASH_SECONDS = 300;

  /** One fenced block of a guide page. */
  record Fence(Path file, int line, String lang, String comment, List<String> body) {
    String name() {
      return file.getFileName() + ":" + line;
    }
  }

  @TestFactory
  Stream<DynamicNode> everyCommandOfTheGuide_runsAtItsSmokeBudget() throws IOException {
    assertThat(GUIDE.resolve("README.md")).as("the guide's index").isRegularFile();
    deleteRecursively(ROOT.resolve("target/guide-smoke"));
    List<Path> pages;
    try (Stream<Path> s = Files.list(GUIDE)) {
      pages = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path page : pages) {
      List<DynamicNode> tests = new ArrayList<>();
      for (Fence f : fences(page)) {
        if (f.lang().equals("sh")) {
          tests.add(DynamicTest.dynamicTest(f.name() + " sh", () -> runFence(f)));
        } else if (f.lang().equals("java")) {
          tests.add(DynamicTest.dynamicTest(f.name() + " java", () -> checkJava(f)));
        }
      }
      if (!tests.isEmpty()) {
        nodes.add(DynamicContainer.dynamicContainer(page.getFileName().toString(), tests));
      }
    }
    return nodes.stream();
  }

  /** The harness itself fails a fence whose command fails, in-process or in bash. */
  @Test
  void aFailingCommand_failsItsFence() {
    Path page = GUIDE.resolve("README.md");
    assertThatThrownBy(() -> runFence(new Fence(page, 1, "sh", null, List.of("true", "false"))))
        .isInstanceOf(AssertionError.class).hasMessageContaining("false")
        .hasMessageContaining("exit code 1");
    assertThatThrownBy(() -> runFence(new Fence(page, 2, "sh", null,
        List.of("submit/local.sh conf/digits.yaml --sampler bayes"))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exit code 2")
        .hasMessageContaining("--sampler must be one of [grid, random, tpe], but got 'bayes'");
    assertThatThrownBy(() -> runFence(new Fence(page, 3, "sh", "<!-- smoke: skip -->",
        List.of("true")))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("skip needs a reason");
  }

  @Test
  void smokeArgs_replaceTheLinesOwnOption_andOutPathsMoveUnderTarget() {
    assertThat(merge(List.of("--sampler", "tpe", "--n-trials", "60", "--storage", "out/a.jsonl"),
        List.of("--n-trials", "2", "--seed", "3")))
        .containsExactly("--sampler", "tpe", "--n-trials", "2", "--storage",
            "target/guide-smoke/out/a.jsonl", "--seed", "3");
    assertThat(rewriteOut("cat out/x/summary.json --output=out/y 'out/z' about/out/w"))
        .isEqualTo("cat target/guide-smoke/out/x/summary.json --output=target/guide-smoke/out/y"
            + " 'target/guide-smoke/out/z' about/out/w");
  }

  /** The fences of one page, each with the HTML comment on the line right before it. */
  static List<Fence> fences(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Fence> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (!l.startsWith("```") || l.length() == 3) {
        if (l.equals("```")) { // a fence without a language: skip to its end
          i = end(lines, i, page);
        }
        continue;
      }
      String lang = l.substring(3).trim();
      String before = i > 0 ? lines.get(i - 1).trim() : "";
      int close = end(lines, i, page);
      out.add(new Fence(page, i + 1, lang, before.startsWith("<!--") ? before : null,
          List.copyOf(lines.subList(i + 1, close))));
      i = close;
    }
    return out;
  }

  private static int end(List<String> lines, int open, Path page) {
    for (int j = open + 1; j < lines.size(); j++) {
      if (lines.get(j).trim().equals("```")) {
        return j;
      }
    }
    throw new AssertionError(page + ":" + (open + 1) + ": a fence that never closes");
  }

  private static void runFence(Fence f) throws IOException {
    List<String> smokeArgs = List.of();
    if (f.comment() != null) {
      Matcher m = SMOKE.matcher(f.comment());
      assertThat(m.matches()).as("%s: the comment before a sh fence must be <!-- smoke: ARGS -->"
          + " or <!-- smoke: skip REASON -->, but got %s", f.name(), f.comment()).isTrue();
      String spec = m.group(1);
      if (spec.equals("skip") || spec.startsWith("skip ")) {
        String reason = spec.substring(4).trim();
        if (reason.isEmpty()) {
          throw new AssertionError(f.name() + ": smoke: skip needs a reason");
        }
        Assumptions.abort("skipped: " + reason);
      }
      smokeArgs = words(spec);
    }
    List<String> commands = commands(f.body());
    assertThat(commands).as("%s: a sh fence with no command", f.name()).isNotEmpty();
    for (String c : commands) {
      runCommand(f, c, smokeArgs);
    }
  }

  /** The fence's commands: comment and blank lines dropped, continuation lines joined. */
  static List<String> commands(List<String> body) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String raw : body) {
      String l = raw.strip();
      if (cur.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.endsWith("\\")) {
        cur.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      cur.append(l);
      out.add(cur.toString().strip());
      cur.setLength(0);
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static void runCommand(Fence f, String command, List<String> smokeArgs)
      throws IOException {
    List<String> w = words(stripComment(command));
    Map<String, String> env = new LinkedHashMap<>();
    int k = 0;
    while (k < w.size() && ENV.matcher(w.get(k)).matches()) {
      String[] kv = w.get(k).split("=", 2);
      env.put(kv[0], kv[1]);
      k++;
    }
    String program = k < w.size() ? w.get(k) : "";
    if (program.equals("submit/local.sh") || program.equals("submit/sparktune")) {
      assertThat(command).as("%s: an in-process line must be one plain command (no pipes,"
          + " redirections, substitutions or ;): %s", f.name(), command)
          .doesNotContainPattern("[|;&<>`$]");
      assertThat(env.keySet()).as("%s: %s runs in-process, where only MASTER can be honoured;"
          + " mark the fence <!-- smoke: skip REASON --> and run it in a test of its own",
          f.name(), command).isSubsetOf(List.of("MASTER"));
      List<String> rest = w.subList(k + 1, w.size());
      List<String> args = new ArrayList<>();
      if (program.equals("submit/local.sh")) {
        assertThat(rest).as("%s: submit/local.sh needs a CONFIG", f.name()).isNotEmpty();
        args.addAll(List.of("run", "--config", rest.get(0)));
        args.addAll(rest.subList(1, rest.size()));
      } else {
        args.addAll(rest);
      }
      if (env.containsKey("MASTER") && !args.contains("--master")) {
        args.addAll(List.of("--master", env.get("MASTER")));
      }
      runInProcess(f, command, merge(args, smokeArgs));
    } else {
      runBash(f, rewriteOut(command));
    }
  }

  /** ARGS with every option of SMOKE replacing the same option's value, and out/ moved. */
  static List<String> merge(List<String> args, List<String> smoke) {
    List<String> out = new ArrayList<>(args);
    for (int i = 0; i < smoke.size(); i++) {
      String s = smoke.get(i);
      boolean hasValue = s.startsWith("--") && i + 1 < smoke.size()
          && !smoke.get(i + 1).startsWith("--");
      int at = out.indexOf(s);
      if (hasValue) {
        if (at >= 0 && at + 1 < out.size()) {
          out.set(at + 1, smoke.get(i + 1));
        } else {
          out.add(s);
          out.add(smoke.get(i + 1));
        }
        i++;
      } else if (at < 0) {
        out.add(s);
      }
    }
    return out.stream().map(a -> a.startsWith("out/") ? SMOKE_OUT + a.substring(4) : a)
        .collect(Collectors.toCollection(ArrayList::new));
  }

  static String rewriteOut(String command) {
    return OUT_PATH.matcher(command).replaceAll("$1" + SMOKE_OUT);
  }

  private static void runInProcess(Fence f, String command, List<String> args)
      throws IOException {
    String verb = args.isEmpty() ? "" : args.get(0);
    String output = option(args, "--output");
    if (verb.equals("run") && output == null) {
      String configured = configOutput(Path.of(option(args, "--config")));
      output = configured != null ? rewriteOut(configured).strip()
          : SMOKE_OUT + f.name().replace(':', '-');
      args.addAll(List.of("--output", output));
    }
    SharedSpark.session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = tail(out.toString(StandardCharsets.UTF_8) + err.toString(
        StandardCharsets.UTF_8));
    if (code != 0) {
      throw new AssertionError(f.name() + ": `" + command + "` (in-process: sparktune "
          + String.join(" ", args) + ") ended with exit code " + code + "\n" + printed);
    }
    if (output != null) {
      Path o = Path.of(output);
      List<Path> expected = switch (verb) {
        case "run" -> List.of(o.resolve("summary.json"), o.resolve("trials.csv"));
        case "report" -> List.of(o.resolve("report.html"));
        default -> List.of(o);
      };
      for (Path e : expected) {
        assertThat(e).as("%s: `%s` wrote %s\n%s", f.name(), command, e, printed).exists();
      }
    }
  }

  private static void runBash(Fence f, String command) {
    Launch.Result r = Launch.run(List.of("timeout", String.valueOf(BASH_SECONDS), "bash", "-c",
        command), Map.of(), BASH_SECONDS + 30);
    if (r.code() != 0) {
      throw new AssertionError(f.name() + ": `" + command + "` ended with exit code " + r.code()
          + "\n" + tail(r.output()));
    }
  }

  private static void checkJava(Fence f) throws IOException {
    List<List<String>> blocks = new ArrayList<>();
    try (Stream<Path> s = Files.walk(ROOT.resolve("examples"))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".java")).toList()) {
        blocks.addAll(guideBlocks(Files.readAllLines(p)));
      }
    }
    List<String> shown = f.body();
    assertThat(blocks).as("%s: the Java shown must be copied from a `// guide:start NAME` ..."
        + " `// guide:end` block of a file under examples/, unchanged:\n%s", f.name(),
        String.join("\n", shown)).contains(shown);
  }

  /** Each marked block of a file, de-indented by its start marker's indentation. */
  static List<List<String>> guideBlocks(List<String> lines) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.strip().startsWith("// guide:start")) {
        continue;
      }
      int indent = l.length() - l.stripLeading().length();
      List<String> block = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("// guide:end"); i++) {
        String b = lines.get(i);
        block.add(b.length() >= indent && b.substring(0, indent).isBlank()
            ? b.substring(indent) : b.strip());
      }
      out.add(block);
    }
    return out;
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }

  private static String configOutput(Path config) throws IOException {
    for (String l : Files.readAllLines(config)) {
      if (l.startsWith("output:")) {
        return l.substring("output:".length()).replaceAll("#.*", "").strip();
      }
    }
    return null;
  }

  private static String stripComment(String command) {
    return command.replaceAll("\\s+#\\s.*$", "");
  }

  /** Shell words: whitespace-separated, with '...' and "..." quoting and \ escapes. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean in = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        in = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        w.append(s.charAt(++i));
        in = true;
      } else if (Character.isWhitespace(c)) {
        if (in) {
          out.add(w.toString());
          w.setLength(0);
          in = false;
        }
      } else {
        w.append(c);
        in = true;
      }
    }
    if (in) {
      out.add(w.toString());
    }
    return out;
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : "...\n" + s.substring(s.length() - 6000);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
