package io.sparktune.report;

import io.sparktune.space.CategoricalDistribution;
import io.sparktune.space.Distribution;
import io.sparktune.trial.FrozenTrial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SyntheticStudy#digitsLike} with markup and script in every string the study supplies:
 * its name, parameter names, categorical choices, user attributes, executor ids and host names.
 * Every payload, if it ever ran, would set {@code top.__pwned} or request a file.
 */
final class HostileStudy {
  static final String NAME = "<script>top.__pwned='study'</script> & \"quoted\" 'study'";
  static final String TREES = "<img src=x onerror=\"top.__pwned='param'\">";
  static final String FEATURES = "\"><svg onload=top.__pwned='name'>features";
  static final Map<String, String> CHOICES = Map.of("sqrt", "<script>top.__pwned='choice'</script>",
      "log2", "<img src=y onerror=top.__pwned='choice2'>", "all", "all & <b>bold</b>");
  static final String HOST = "<svg/onload=top.__pwned='host'>worker";
  static final String ATTR = "<script>top.__pwned='attr'</script>";

  private HostileStudy() {}

  static List<FrozenTrial> trials(int n, long seed) {
    return SyntheticStudy.digitsLike(n, seed).stream().map(HostileStudy::hostile).toList();
  }

  private static FrozenTrial hostile(FrozenTrial t) {
    Map<String, Object> params = new LinkedHashMap<>();
    Map<String, Distribution> dists = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : t.params().entrySet()) {
      String name = rename(e.getKey());
      Distribution d = t.distributions().get(e.getKey());
      Object v = e.getValue();
      if (d instanceof CategoricalDistribution c) {
        d = new CategoricalDistribution(c.choices().stream().map(x -> (Object) CHOICES.get(x))
            .toList());
        v = CHOICES.get(v);
      }
      params.put(name, v);
      dists.put(name, d);
    }
    Map<String, Object> sys = new LinkedHashMap<>(t.systemAttrs());
    if (sys.containsKey("host")) {
      sys.put("host", HOST + "-" + sys.get("host"));
      sys.put("executor", sys.get("executor") + "<i>");
    }
    return new FrozenTrial(t.trialId(), t.number(), t.state(), t.value(), params, dists,
        t.intermediateValues(), Map.of("note", ATTR), sys, t.datetimeStart(),
        t.datetimeComplete());
  }

  private static String rename(String param) {
    return switch (param) {
      case "n_estimators" -> TREES;
      case "max_features" -> FEATURES;
      default -> param;
    };
  }
}
