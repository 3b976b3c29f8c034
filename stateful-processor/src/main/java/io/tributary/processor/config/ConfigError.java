package io.tributary.processor.config;

/** A processor config that cannot run, naming the job and the key at fault. */
public final class ConfigError extends RuntimeException {

    public ConfigError(String message) {
        super(message);
    }
}
