package io.tributary.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in connector-configs/monitoring/alerts/ pass {@code promtool check rules}, their unit tests pass
 * {@code promtool test rules}, every alert has unit tests that see it fire and see it stay quiet, and every alert
 * carries what an operator needs: a {@code for}, a severity, a summary and description, and a runbook link to its own
 * section of docs/operations/monitoring.md.
 */
class AlertRulesTest {

    private static final String RUNBOOK_BASE =
            "https://github.com/tributary-io/tributary/blob/main/docs/operations/monitoring.md#";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Promtool promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Promtool.find();
    }

    @Test
    void ruleFilesPassPromtoolCheck() throws Exception {
        assertThat(MonitoringAssets.ruleFiles()).as("rule files in %s", MonitoringAssets.alertsDir()).hasSize(2);

        Promtool.Result result = promtool.checkRules(MonitoringAssets.ruleFiles());

        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    @Test
    void ruleUnitTestsPassPromtoolTest() throws Exception {
        assertThat(MonitoringAssets.ruleTestFiles()).hasSize(2);

        Promtool.Result result = promtool.testRules(MonitoringAssets.ruleTestFiles());

        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : MonitoringAssets.ruleTestFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String alert = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
                }
            }
        }

        assertThat(fires).as("alerts seen firing").containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(quiet).as("alerts seen quiet").containsExactlyInAnyOrderElementsOf(alertNames());
    }

    @Test
    void everyAlertHasForSeveritySummaryDescriptionAndItsRunbookSection() throws IOException {
        Set<String> anchors = headingAnchors(MonitoringAssets.root().resolve("docs/operations/monitoring.md"));
        List<String> problems = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            if (!alert.hasNonNull("for")) {
                problems.add(name + ": no 'for'");
            }
            if (!Set.of("critical", "warning").contains(alert.path("labels").path("severity").asText())) {
                problems.add(name + ": severity is neither critical nor warning");
            }
            JsonNode annotations = alert.path("annotations");
            for (String key : List.of("summary", "description")) {
                if (annotations.path(key).asText().isBlank()) {
                    problems.add(name + ": no " + key);
                }
            }
            String runbook = annotations.path("runbook_url").asText();
            String anchor = name.toLowerCase(Locale.ROOT);
            if (!runbook.equals(RUNBOOK_BASE + anchor)) {
                problems.add(name + ": runbook_url is '" + runbook + "', not " + RUNBOOK_BASE + anchor);
            }
            if (!anchors.contains(anchor)) {
                problems.add(name + ": docs/operations/monitoring.md has no section '" + name + "'");
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void summariesNameTheConnectorOrTheInstanceTheyAreAbout() {
        for (JsonNode alert : alerts()) {
            String summary = alert.path("annotations").path("summary").asText();
            assertThat(summary).as(alert.path("alert").asText())
                    .containsAnyOf("{{ $labels.connector }}", "{{ $labels.instance }}", "{{ $labels.processor_job }}");
        }
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (Path file : MonitoringAssets.ruleFiles()) {
            try {
                for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                    group.path("rules").forEach(rule -> {
                        if (rule.has("alert")) {
                            alerts.add(rule);
                        }
                    });
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return alerts;
    }

    private static List<String> alertNames() {
        return alerts().stream().map(a -> a.path("alert").asText()).toList();
    }

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$", Pattern.MULTILINE);

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as '-'. */
    static Set<String> headingAnchors(Path markdown) throws IOException {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(Files.readString(markdown));
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
