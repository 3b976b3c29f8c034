package io.tributary.connect.sink.http.config;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.sink.http.render.RequestRenderer;
import io.tributary.connect.sink.http.template.RecordTemplate;
import org.apache.kafka.common.config.Config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP sink's rules beyond single keys, each error on the key at fault: templates that do not parse, a URL that
 * is not http(s) (checked with placeholders filled with a sample), credentials the auth type needs, a status in two
 * lists, response capture without bootstrap servers.
 */
public final class HttpSinkValidation {

    private HttpSinkValidation() {
    }

    public static void validate(Config config) {
        CrossFieldValidation v = new CrossFieldValidation(config);
        if (v.valid(HttpSinkConfig.URL_CONFIG)) {
            validateUrl(v, v.string(HttpSinkConfig.URL_CONFIG));
        }
        if (v.valid(HttpSinkConfig.HEADERS_CONFIG)) {
            try {
                RequestRenderer.validateHeaders(list(v.value(HttpSinkConfig.HEADERS_CONFIG)));
            } catch (IllegalArgumentException e) {
                v.error(e.getMessage(), HttpSinkConfig.HEADERS_CONFIG);
            }
        }
        if (v.valid(HttpSinkConfig.BODY_TEMPLATE_CONFIG)) {
            try {
                RequestRenderer.body(v.string(HttpSinkConfig.BODY_TEMPLATE_CONFIG));
            } catch (IllegalArgumentException e) {
                v.error(e.getMessage(), HttpSinkConfig.BODY_TEMPLATE_CONFIG);
            }
        }
        String template = v.string(HttpSinkConfig.BODY_TEMPLATE_CONFIG);
        if (Boolean.TRUE.equals(v.value(HttpSinkConfig.RAW_BODY_CONFIG)) && template != null && !template.isBlank()) {
            v.error("a body template and values sent as they are exclude each other",
                    HttpSinkConfig.RAW_BODY_CONFIG, HttpSinkConfig.BODY_TEMPLATE_CONFIG);
        }
        HttpClientConfig.validate(v);
        disjoint(v, HttpSinkConfig.DEAD_LETTER_STATUSES_CONFIG, HttpSinkConfig.FAIL_STATUSES_CONFIG);
        disjoint(v, HttpSinkConfig.DEAD_LETTER_STATUSES_CONFIG, HttpClientConfig.RETRY_STATUSES_CONFIG);
        disjoint(v, HttpSinkConfig.FAIL_STATUSES_CONFIG, HttpClientConfig.RETRY_STATUSES_CONFIG);
        String topic = v.string(HttpSinkConfig.RESPONSE_TOPIC_CONFIG);
        String bootstrap = v.string(HttpSinkConfig.RESPONSE_BOOTSTRAP_CONFIG);
        if (topic != null && !topic.isBlank() && (bootstrap == null || bootstrap.isBlank())) {
            v.error("response.topic '" + topic + "' needs " + HttpSinkConfig.RESPONSE_BOOTSTRAP_CONFIG,
                    HttpSinkConfig.RESPONSE_BOOTSTRAP_CONFIG);
        }
    }

    private static void validateUrl(CrossFieldValidation v, String url) {
        RecordTemplate template;
        try {
            template = RequestRenderer.url(url);
        } catch (IllegalArgumentException e) {
            v.error(e.getMessage(), HttpSinkConfig.URL_CONFIG);
            return;
        }
        // The scheme and host must be literal or at least render to a URL: checked with every placeholder as "x".
        String sample = template.hasPlaceholders() ? url.replaceAll("\\{\\{[^}]*}}", "x") : url;
        String problem = HttpClientConfig.urlProblem(sample);
        if (problem != null) {
            v.error(HttpSinkConfig.URL_CONFIG + " must be an http or https URL: " + problem, HttpSinkConfig.URL_CONFIG);
        }
    }

    private static void disjoint(CrossFieldValidation v, String a, String b) {
        if (!v.valid(a, b)) {
            return;
        }
        Set<String> both = new HashSet<>(trimmed(list(v.value(a))));
        both.retainAll(trimmed(list(v.value(b))));
        if (!both.isEmpty()) {
            v.error("statuses " + new java.util.TreeSet<>(both) + " are in both " + a + " and " + b, a, b);
        }
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().map(String::trim).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
