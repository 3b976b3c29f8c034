package io.tributary.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards in connector-configs/monitoring/dashboards/ are importable anywhere (the data source is a
 * variable, ids are unique) and every query in them is PromQL that promtool accepts. That every metric they name is
 * one a real scrape produced is the scrape IT's to check, through {@link MonitoringAssets#metricNames()}.
 */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDashboardQueryParsesByPromtool(@TempDir Path dir) throws Exception {
        List<MonitoringAssets.Expr> exprs = MonitoringAssets.dashboardExpressions();
        assertThat(exprs).hasSizeGreaterThan(40);
        // promtool has no "check expression": each query becomes a recording rule, which it parses and checks.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            rules.append("      # ").append(exprs.get(i).toString().replace('\n', ' ')).append('\n')
                    .append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: ").append(JSON.writeValueAsString(exprs.get(i).promql())).append('\n');
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.rules.yml"), rules);

        Promtool.Result result = Promtool.find().checkRules(List.of(file));

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    @Test
    void everyQueryReferencesAMetric() {
        for (MonitoringAssets.Expr expr : MonitoringAssets.dashboardExpressions()) {
            assertThat(expr.metricNames()).as(expr.toString()).isNotEmpty();
        }
    }

    @Test
    void theDataSourceIsAVariableEveryPanelAndQueryUses() throws IOException {
        assertThat(MonitoringAssets.dashboardFiles()).hasSize(2);
        for (Path file : MonitoringAssets.dashboardFiles()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            JsonNode variables = dashboard.path("templating").path("list");
            assertThat(variables.findValues("type")).as(file + " variables").anyMatch(t -> t.asText().equals("datasource"));
            List<String> problems = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                checkDataSource(panel.path("datasource"), file + " panel '" + panel.path("title").asText() + "'", problems);
                for (JsonNode target : panel.path("targets")) {
                    checkDataSource(target.path("datasource"), file + " panel '" + panel.path("title").asText()
                            + "' target " + target.path("refId").asText(), problems);
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add(file + " panel '" + panel.path("title").asText() + "' has no query");
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void dashboardsAndPanelsHaveUniqueIdsTitlesAndDescriptions() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoringAssets.dashboardFiles()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid").isTrue();
            assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
            Set<Integer> ids = new HashSet<>();
            Set<String> titles = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + " panel id " + panel.path("id")).isTrue();
                if (!panel.path("type").asText().equals("row")) {
                    String title = panel.path("title").asText();
                    assertThat(titles.add(title)).as(file + " panel title '" + title + "' twice").isTrue();
                    assertThat(panel.path("description").asText()).as(file + " panel '" + title + "'").isNotBlank();
                }
            }
        }
    }

    private static void checkDataSource(JsonNode datasource, String where, List<String> problems) {
        if (!datasource.path("uid").asText().equals("${datasource}")) {
            problems.add(where + ": data source " + datasource + " is not the ${datasource} variable");
        }
    }
}
