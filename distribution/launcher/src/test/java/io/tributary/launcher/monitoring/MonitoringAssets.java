package io.tributary.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL expressions the shipped monitoring assets hold, and the metric names each references: the alert rules in
 * {@code connector-configs/monitoring/alerts/*.rules.yml} and the Grafana dashboards in
 * {@code connector-configs/monitoring/dashboards/*.json}.
 *
 * <p>A stable API for other tests; the scrape IT asserts that every name of {@link #metricNames()} is one a real scrape
 * of the worker or the processor produced:
 * <ul>
 *   <li>{@link #expressions()}: every expression, alert rules first, each with its file, where in the file it stands
 *       and its text; {@link Expr#promql()} is the text with Grafana's variables replaced, so promtool and Prometheus
 *       accept it.</li>
 *   <li>{@link #metricNames()}: every metric name they reference, without the series Prometheus makes up itself
 *       ({@link #SYNTHETIC}, e.g. {@code up}), which no exposition contains.</li>
 *   <li>{@link #metricNames(String)}: the metric names one PromQL expression references.</li>
 * </ul>
 *
 * <p>The names are found by a small hand-written PromQL tokenizer: Prometheus' parser is Go, and no maintained Java
 * PromQL parser exists as a library. It only needs to find metric names, which is simpler than parsing: it drops
 * comments, string literals, label matchers (keeping a {@code __name__="..."} matcher's name), range and subquery
 * brackets, numbers and durations, the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right}, function calls' names (an identifier followed by {@code (}) and the
 * keywords; every identifier left is a metric name. Whether an expression is valid PromQL is promtool's job
 * ({@code DashboardsTest}, {@code AlertRulesTest}).
 */
public final class MonitoringAssets {

    /** Series Prometheus adds itself for each target; never in an exposition, so never asked of a scrape. */
    public static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");

    /** One expression: the file it is in, where in it (rule or panel), and its text as written. */
    public record Expr(Path file, String where, String text) {

        /** The expression as Prometheus takes it: Grafana's variables replaced (see {@link #promql(String)}). */
        public String promql() {
            return MonitoringAssets.promql(text);
        }

        /** The metric names the expression references. */
        public Set<String> metricNames() {
            return MonitoringAssets.metricNames(promql());
        }

        @Override
        public String toString() {
            return root().relativize(file) + " " + where + ": " + text;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringAssets() {
    }

    /** The repository root: the system property {@code tributary.root} (set by Failsafe), else found upwards. */
    public static Path root() {
        String property = System.getProperty("tributary.root");
        if (property != null) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tributary")) && Files.isDirectory(dir.resolve("connector-configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with 'tributary' and 'connector-configs') above "
                + Paths.get("").toAbsolutePath() + "; set -Dtributary.root");
    }

    public static Path alertsDir() {
        return root().resolve("connector-configs/monitoring/alerts");
    }

    public static Path dashboardsDir() {
        return root().resolve("connector-configs/monitoring/dashboards");
    }

    /** The Prometheus rule files, {@code alerts/*.rules.yml}, sorted. */
    public static List<Path> ruleFiles() {
        return list(alertsDir(), ".rules.yml");
    }

    /** The promtool unit test files, {@code alerts/tests/*.test.yml}, sorted. */
    public static List<Path> ruleTestFiles() {
        return list(alertsDir().resolve("tests"), ".test.yml");
    }

    /** The Grafana dashboards, {@code dashboards/*.json}, sorted. */
    public static List<Path> dashboardFiles() {
        return list(dashboardsDir(), ".json");
    }

    /** Every expression: the alert rules' then the dashboards'. */
    public static List<Expr> expressions() {
        List<Expr> all = new ArrayList<>(ruleExpressions());
        all.addAll(dashboardExpressions());
        return Collections.unmodifiableList(all);
    }

    /** Every metric name the expressions reference, sorted, without {@link #SYNTHETIC}. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        expressions().forEach(e -> names.addAll(e.metricNames()));
        names.removeAll(SYNTHETIC);
        return Collections.unmodifiableSet(names);
    }

    /** The {@code expr} of every rule (alerting or recording), named {@code group/alert}. */
    public static List<Expr> ruleExpressions() {
        List<Expr> exprs = new ArrayList<>();
        for (Path file : ruleFiles()) {
            JsonNode groups = read(YAML, file).path("groups");
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                    exprs.add(new Expr(file, group.path("name").asText() + "/" + name, rule.path("expr").asText()));
                }
            }
        }
        return exprs;
    }

    /**
     * Every Prometheus query of the dashboards: each panel's targets (rows' nested panels too), named
     * {@code panel 'title' target A}, and each query variable's {@code label_values(selector, label)} selector,
     * named {@code variable 'name'}.
     */
    public static List<Expr> dashboardExpressions() {
        List<Expr> exprs = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = read(JSON, file);
            panels(dashboard.path("panels"), file, exprs);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asText())) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                Matcher labelValues = LABEL_VALUES.matcher(text.strip());
                if (labelValues.matches()) {
                    exprs.add(new Expr(file, "variable '" + variable.path("name").asText() + "'", labelValues.group(1)));
                } else {
                    throw new IllegalArgumentException(file + ": variable '" + variable.path("name").asText()
                            + "' is not label_values(selector, label): " + text);
                }
            }
        }
        return exprs;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\)");

    private static void panels(JsonNode panels, Path file, List<Expr> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    exprs.add(new Expr(file, "panel '" + panel.path("title").asText() + "' target "
                            + target.path("refId").asText(), expr));
                }
            }
            panels(panel.path("panels"), file, exprs);
        }
    }

    // ---- Grafana variables ----------------------------------------------------------------------------------------

    private static final Pattern INTERVAL_VARIABLE =
            Pattern.compile("\\$(?:__rate_interval|__interval|__range)\\b|\\$\\{(?:__rate_interval|__interval|__range)}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?}|\\$[a-zA-Z_][a-zA-Z0-9_]*|\\[\\[[a-zA-Z_][a-zA-Z0-9_]*]]");

    /**
     * The expression with Grafana's variables replaced as Grafana would for "All": the interval variables
     * ({@code $__rate_interval}, {@code $__interval}, {@code $__range}) by {@code 5m}, and a dashboard variable, which
     * must stand in a string (a label matcher's value: {@code connector=~"$connector"}), by {@code .*}. A variable
     * outside a string is an error: its replacement could not be chosen for every use.
     */
    public static String promql(String text) {
        String replaced = INTERVAL_VARIABLE.matcher(text).replaceAll("5m");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < replaced.length()) {
            char c = replaced.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfString(replaced, i);
                out.append(VARIABLE.matcher(replaced.substring(i, end)).replaceAll(".*"));
                i = end;
            } else {
                Matcher variable = VARIABLE.matcher(replaced).region(i, replaced.length());
                if (variable.lookingAt()) {
                    throw new IllegalArgumentException("Grafana variable " + variable.group()
                            + " outside a label matcher's string in: " + text);
                }
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // ---- the tokenizer ------------------------------------------------------------------------------------------

    /** Aggregation operators: not followed by '(' when written {@code sum by (x) (...)}. */
    private static final Set<String> AGGREGATORS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Keywords followed by a parenthesised label list, which holds label names, never metric names. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*([\"'`])(.*?)\\1");

    /** The metric names one PromQL expression references (see the class comment for how they are found). */
    public static Set<String> metricNames(String promql) {
        Set<String> names = new LinkedHashSet<>();
        String s = promql;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '#') {
                int eol = s.indexOf('\n', i);
                i = eol < 0 ? s.length() : eol;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(s, i);
            } else if (c == '{') {
                int end = endOfBraces(s, i);
                Matcher name = NAME_MATCHER.matcher(s.substring(i, end));
                while (name.find()) {
                    names.add(name.group(2));
                }
                i = end;
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '[' in: " + promql);
                }
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                // Numbers and durations: 0.95, 1e3, 0x1f, 5m, 1h30m.
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == ':')) {
                    i++;
                }
                String word = s.substring(start, i);
                // Keywords and aggregators are case-insensitive in PromQL (AND, Sum, Inf); metric names are not.
                String keyword = word.toLowerCase(Locale.ROOT);
                int next = skipSpace(s, i);
                boolean call = next < s.length() && s.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(keyword)) {
                    if (call) {
                        int close = s.indexOf(')', next);
                        if (close < 0) {
                            throw new IllegalArgumentException("unclosed label list after '" + word + "' in: " + promql);
                        }
                        i = close + 1;
                    }
                } else if (!call && !AGGREGATORS.contains(keyword) && !KEYWORDS.contains(keyword)) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the string literal that starts at {@code start}; backquoted strings have no escapes. */
    private static int endOfString(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unclosed string literal in: " + s);
    }

    /** The index after the '}' that closes the matchers starting at {@code start}, strings within skipped. */
    private static int endOfBraces(String s, int start) {
        for (int i = start + 1; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(s, i);
            } else if (c == '}') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed '{' in: " + s);
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
