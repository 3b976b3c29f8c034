package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Recommender;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.List;
import java.util.Objects;

/**
 * Defines {@link ConfigDef} keys group by group, numbering each key's order within its group, and refusing a key
 * without documentation or display name. Every Tributary config class goes through it, so the generated config
 * reference and the Connect UI show the same grouping.
 *
 * <pre>{@code
 * ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
 * b.group("Input")
 *  .key(PATH_CONFIG).type(Type.STRING).required().validator(Validators.nonEmpty())
 *  .importance(Importance.HIGH).doc(PATH_DOC).display(PATH_DISPLAY).width(Width.LONG).add();
 * }</pre>
 */
public final class ConfigDefBuilder {

    private final ConfigDef def;
    private String group;
    private int orderInGroup;

    public ConfigDefBuilder(ConfigDef def) {
        this.def = Objects.requireNonNull(def, "def");
    }

    public ConfigDefBuilder group(String name) {
        this.group = Objects.requireNonNull(name, "group");
        this.orderInGroup = 0;
        return this;
    }

    public Key key(String name) {
        if (group == null) {
            throw new IllegalStateException("Call group(...) before defining " + name);
        }
        return new Key(name);
    }

    public ConfigDef build() {
        return def;
    }

    /** One key being defined; {@link #add()} writes it into the ConfigDef and returns to the builder. */
    public final class Key {
        private final String name;
        private Type type = Type.STRING;
        private Object defaultValue = ConfigDef.NO_DEFAULT_VALUE;
        private Validator validator;
        private Importance importance = Importance.MEDIUM;
        private String doc;
        private String display;
        private Width width = Width.MEDIUM;
        private Recommender recommender;
        private List<String> dependents = List.of();
        private KeyAliases aliases;

        private Key(String name) {
            this.name = name;
        }

        public Key type(Type type) {
            this.type = type;
            return this;
        }

        public Key defaultValue(Object value) {
            this.defaultValue = value;
            return this;
        }

        /** No default: the connector cannot start without it. */
        public Key required() {
            this.defaultValue = ConfigDef.NO_DEFAULT_VALUE;
            return this;
        }

        public Key validator(Validator validator) {
            this.validator = validator;
            return this;
        }

        public Key importance(Importance importance) {
            this.importance = importance;
            return this;
        }

        public Key doc(String doc) {
            this.doc = doc;
            return this;
        }

        public Key display(String display) {
            this.display = display;
            return this;
        }

        public Key width(Width width) {
            this.width = width;
            return this;
        }

        public Key recommender(Recommender recommender) {
            this.recommender = recommender;
            return this;
        }

        public Key dependents(String... names) {
            this.dependents = List.of(names);
            return this;
        }

        /**
         * Also defines this key's deprecated aliases in {@code aliases}, right after it in its group: no default,
         * no validator (the value is checked as this key's, once {@link KeyAliases} has renamed it), documented
         * as deprecated, so the reference and the Connect UI list the old name.
         */
        public Key aliases(KeyAliases aliases) {
            this.aliases = aliases;
            return this;
        }

        public ConfigDefBuilder add() {
            if (doc == null || doc.isBlank()) {
                throw new IllegalStateException("Config key '" + name + "' has no documentation");
            }
            if (display == null || display.isBlank()) {
                throw new IllegalStateException("Config key '" + name + "' has no display name");
            }
            def.define(name, type, defaultValue, validator, importance, doc, group, ++orderInGroup, width, display,
                    dependents, recommender);
            if (aliases != null) {
                aliases.keyOfAlias().forEach((alias, key) -> {
                    if (key.equals(name)) {
                        def.define(alias, type, null, null, Importance.LOW, KeyAliases.doc(name), group,
                                ++orderInGroup, width, display + " (deprecated name)", List.of(), null);
                    }
                });
            }
            return ConfigDefBuilder.this;
        }
    }
}
