package io.tributary.launcher.security;

import java.util.List;

/**
 * The principals of the secure local stack. Each is a Kafka user ({@code User:<name>}): through SCRAM-SHA-512 on the
 * SASL_SSL listener (username = name) or through its client certificate on the mTLS listener (CN=name,OU=tributary,
 * mapped to the same principal by the broker's ssl.principal.mapping.rules).
 */
public final class Principals {

    /** The broker itself: inter-broker and controller traffic over mTLS; the only super user. */
    public static final String BROKER = "broker";
    /** The Connect worker: its group and internal topics, exactly-once transactional ids, every connector's topics. */
    public static final String CONNECT = "connect";
    /** The stateful processor: its application.id's topics, group and transactional ids, its jobs' topics. */
    public static final String PROCESSOR = "processor";
    /** The demo's own clients (topic creation, the counting consumer) and the generator's producer. */
    public static final String DEMO = "demo";
    /** Describe and Read on the data topics only. */
    public static final String READONLY = "readonly";

    /** Users with a SCRAM credential and a client certificate, created at every start of the secure stack. */
    public static final List<String> USERS = List.of(CONNECT, PROCESSOR, DEMO, READONLY);

    private Principals() {
    }

    /** {@code User:<name>}, as ACLs name it. */
    public static String user(String name) {
        return "User:" + name;
    }

    /** The certificate subject of a principal; the broker maps it back to {@code User:<name>}. */
    static String distinguishedName(String name) {
        return "CN=" + name + ",OU=tributary";
    }

    /** ssl.principal.mapping.rules turning {@link #distinguishedName} into the bare name. */
    static final String MAPPING_RULES = "RULE:^CN=([^,]+),OU=tributary$/$1/,DEFAULT";
}
