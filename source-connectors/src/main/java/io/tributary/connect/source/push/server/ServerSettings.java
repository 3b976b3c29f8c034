package io.tributary.connect.source.push.server;

import io.tributary.connect.source.push.config.PushSourceConfig;

/**
 * What a server is: where it listens and with what TLS. Connectors (and tasks) asking for the same address share
 * one server, and must then ask for the same settings.
 */
public record ServerSettings(String host, int port, int ioThreads, String keystorePath, String keystorePassword,
                             String truststorePath, String truststorePassword, String storeType,
                             PushSourceConfig.ClientAuth clientAuth) {

    public static ServerSettings of(PushSourceConfig config) {
        return new ServerSettings(config.host(), config.port(), config.ioThreads(), config.keystorePath(),
                config.keystorePassword(), config.truststorePath(), config.truststorePassword(), config.storeType(),
                config.clientAuth());
    }

    public boolean tls() {
        return !keystorePath.isBlank();
    }

    public String address() {
        return host + ":" + port;
    }

    /** For messages: the settings without their secrets. */
    @Override
    public String toString() {
        return (tls() ? "https://" : "http://") + address() + " (io threads " + ioThreads + ", client certificates "
                + clientAuth.name().toLowerCase() + ")";
    }
}
