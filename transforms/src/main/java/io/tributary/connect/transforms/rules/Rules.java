package io.tributary.connect.transforms.rules;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.PathEditor;
import io.tributary.connect.common.data.Template;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.transforms.base.DeadLetterRoute;
import io.tributary.connect.transforms.base.FieldPaths;
import io.tributary.connect.transforms.base.RecordSide;
import io.tributary.connect.transforms.base.TributaryTransform;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rule engine as a transform: rules of conditions over the record's fields and actions — route to a topic, drop,
 * set or remove a field, add a header or a tag, stop — evaluated by priority, the first match or all matches. Rules
 * come from the connector config or from a file that is reloaded when it changes; an invalid rule is refused (at
 * validate time, or kept out of a reload) with its name and the reason.
 */
public final class Rules<R extends ConnectRecord<R>> extends TributaryTransform<R> {

    private static final Logger log = LoggerFactory.getLogger(Rules.class);

    public enum Match { FIRST, ALL }

    public static final String RULES_CONFIG = "rules";
    public static final String RULES_FILE_CONFIG = "rules.file";
    public static final String RELOAD_CONFIG = "rules.reload.interval.ms";
    public static final String MATCH_CONFIG = "match";
    public static final String UNMATCHED_TOPIC_CONFIG = "unmatched.topic";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String TAGS_HEADER_CONFIG = "tags.header";

    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder(new ConfigDef())
            .group("Rules")
            .key(RULES_CONFIG).defaultValue("").validator(rules()).importance(Importance.HIGH)
            .doc("The rules, as a JSON array. A rule: {\"name\", \"priority\" (higher first), \"condition\" (field "
                    + "comparisons =, !=, <, <=, >, >=, in, not in, exists, regex, prefix, contains, combined with "
                    + "all/any/not; \"$topic\" is the topic), \"actions\" (route, drop, set, remove, header, tag, stop), "
                    + "\"metadata\"}. Give this or rules.file.").display("Rules (JSON)").add()
            .key(RULES_FILE_CONFIG).defaultValue("").validator(rulesFile()).importance(Importance.HIGH)
            .doc("A file holding the rules as JSON, reloaded when it changes (an invalid new version is logged and "
                    + "the rules in use are kept).").display("Rules file").add()
            .key(RELOAD_CONFIG).type(Type.LONG).defaultValue(5_000L).validator(Validators.atLeast(100))
            .importance(Importance.LOW).doc("How often the rules file is checked for changes.").display("Reload check (ms)").add()
            .key(MATCH_CONFIG).defaultValue("first").validator(Validators.oneOf(Match.class)).importance(Importance.MEDIUM)
            .doc("'first': only the first matching rule acts; 'all': every matching rule acts, in priority order, "
                    + "until one says stop.").display("Match").add()
            .group("Routing")
            .key(UNMATCHED_TOPIC_CONFIG).defaultValue("").validator(FieldPaths.template()).importance(Importance.MEDIUM)
            .doc("Topic (template) for records no rule matched; empty keeps their topic.").display("Unmatched topic").add()
            .key(DLQ_TOPIC_CONFIG).defaultValue("${topic}-dlq").validator(FieldPaths.template())
            .importance(Importance.MEDIUM).doc("Dead-letter topic for records a matching rule cannot route (a "
                    + "placeholder of its topic template is missing from the record).").display("Dead-letter topic").add()
            .key(TAGS_HEADER_CONFIG).defaultValue("tributary.tags").importance(Importance.LOW)
            .doc("Header the tag action adds to (comma-separated tags).").display("Tags header").add()
            .build();

    private final PathEditor editor = new PathEditor(64);
    private final Map<String, TaskMetrics.Counter> matches = new ConcurrentHashMap<>();
    private volatile RuleSet ruleSet;
    /** Struct output schemas of the current rule set (made again after a reload). */
    private volatile StableSchemas stableSchemas;
    private Path rulesFile;
    private long reloadIntervalMs;
    private volatile long nextReloadCheck;
    private volatile long fileModified;
    private Match match;
    private Template unmatched;
    private DeadLetterRoute dlq;
    private String tagsHeader;
    private TaskMetrics.Counter reloads;
    private TaskMetrics.Counter reloadFailures;

    public Rules() {
        super(RecordSide.VALUE);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        String inline = config.getString(RULES_CONFIG);
        String file = config.getString(RULES_FILE_CONFIG);
        if (inline.isBlank() == file.isBlank()) {
            throw new ConfigException(RULES_CONFIG, inline.isBlank() ? "" : "[rules]", "give exactly one of rules and rules.file");
        }
        if (!file.isBlank()) {
            rulesFile = Path.of(file);
            ruleSet = readFile(rulesFile);
        } else {
            ruleSet = RuleSet.parse(inline);
        }
        reloadIntervalMs = config.getLong(RELOAD_CONFIG);
        match = Validators.parseEnum(Match.class, config.getString(MATCH_CONFIG));
        String unmatchedTopic = config.getString(UNMATCHED_TOPIC_CONFIG);
        unmatched = unmatchedTopic.isBlank() ? null : Template.parse(unmatchedTopic);
        dlq = new DeadLetterRoute(config.getString(DLQ_TOPIC_CONFIG), getClass().getName());
        tagsHeader = config.getString(TAGS_HEADER_CONFIG);
        registerMetrics(metrics.metrics);
    }

    @Override
    protected void registerMetrics(TaskMetrics taskMetrics) {
        matches.clear();
        reloads = taskMetrics.counter("rules-reloads", "reloads of the rules file");
        reloadFailures = taskMetrics.counter("rules-reload-failures", "rules file versions refused as invalid");
    }

    private TaskMetrics.Counter matchCounter(String rule) {
        return matches.computeIfAbsent(rule, name -> {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("rule", name);
            return metrics.metrics.counter("rule-matches", "records a rule matched", tags);
        });
    }

    /** How often each rule matched so far (for tests and logs; also exported as rule-matches-total{rule=...}). */
    public Map<String, Long> matchCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        matches.forEach((rule, counter) -> counts.put(rule, counter.count()));
        return counts;
    }

    @Override
    protected R transform(R record) {
        RuleSet rules = currentRules();
        RecordEdit edit = new RecordEdit(record, editor);
        if (edit.value instanceof Struct) {
            StableSchemas stable = stableSchemas;
            if (stable == null || stable.rules != rules) {
                stable = new StableSchemas(rules);
                stableSchemas = stable;
            }
            Schema output = stable.outputOf(edit.schema);
            edit.value = StableSchemas.conform(output, edit.schema, edit.value);
            edit.schema = output;
        }
        boolean matched = false;
        try {
            for (Rule rule : rules.rules()) {
                if (!rule.condition().test(edit.value, edit.topic)) {
                    continue;
                }
                matched = true;
                matchCounter(rule.name()).increment();
                for (RuleAction action : rule.actions()) {
                    action.apply(edit);
                    if (edit.unroutable != null) {
                        // The dead letter is the record as it came: undo what earlier actions changed in place.
                        edit.rollback();
                        metrics.routed.increment();
                        return dlq.route(record, "rules", DataException.class.getName(), "rule '" + rule.name() + "' "
                                + edit.unroutable, null);
                    }
                }
                if (edit.stop || match == Match.FIRST) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            edit.rollback();
            throw e;
        }
        if (edit.drop) {
            return null;
        }
        if (!matched && unmatched != null) {
            edit.target = unmatched.render(edit.value, edit.topic);
        }
        Headers headers = edit.finalHeaders(tagsHeader);
        String topic = record.topic();
        if (edit.target != null && !edit.target.equals(topic)) {
            metrics.routed.increment();
        }
        return edit.handOff(record.newRecord(edit.target == null ? topic : edit.target, record.kafkaPartition(),
                record.keySchema(), record.key(), edit.schema, edit.value, record.timestamp(), headers));
    }

    private RuleSet currentRules() {
        if (rulesFile != null) {
            long now = System.currentTimeMillis();
            if (now >= nextReloadCheck) {
                synchronized (this) {
                    if (now >= nextReloadCheck) {
                        nextReloadCheck = now + reloadIntervalMs;
                        reloadIfChanged();
                    }
                }
            }
        }
        return ruleSet;
    }

    private void reloadIfChanged() {
        try {
            long modified = Files.getLastModifiedTime(rulesFile).toMillis();
            if (modified == fileModified) {
                return;
            }
            ruleSet = readFile(rulesFile);
            reloads.increment();
            log.info("Reloaded {} rules from {}", ruleSet.rules().size(), rulesFile);
        } catch (IOException | IllegalArgumentException e) {
            reloadFailures.increment();
            try {
                fileModified = Files.getLastModifiedTime(rulesFile).toMillis();
            } catch (IOException ignored) {
                // The file is gone: keep the rules in use and try again at the next check.
            }
            log.error("Rules file {} was not reloaded, the rules in use stay: {}", rulesFile, e.getMessage());
        }
    }

    private RuleSet readFile(Path file) {
        try {
            fileModified = Files.getLastModifiedTime(file).toMillis();
            return RuleSet.parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(RULES_FILE_CONFIG, file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private static ConfigDef.Validator rules() {
        return Validators.described("a JSON array of rules", value -> {
            String text = (String) value;
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                RuleSet.parse(text);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    private static ConfigDef.Validator rulesFile() {
        return Validators.described("a readable file of JSON rules", value -> {
            String text = (String) value;
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                RuleSet.parse(Files.readString(Path.of(text)));
                return null;
            } catch (IOException e) {
                return "cannot be read: " + e.getMessage();
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }
}
