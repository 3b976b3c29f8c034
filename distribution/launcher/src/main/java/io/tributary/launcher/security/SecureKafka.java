package io.tributary.launcher.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The secure local stack's Kafka security, in one place for the launcher, the tests and the benchmarks.
 *
 * <p>{@link #prepare(Path)} makes (once per directory, usually {@code $TRIBUTARY_HOME/secure}) a certificate
 * authority, a PKCS12 keystore per {@link Principals principal} and the broker, and an owner-only
 * {@code credentials.properties} with random passwords; later calls reuse them. Nothing secret is checked in.
 *
 * <p>The broker ({@link #brokerProps}) has three listeners on 127.0.0.1: {@code SASL_SSL} (SCRAM-SHA-512; what
 * every client uses), {@code MTLS} (TLS with a required client certificate, principal = the certificate's CN;
 * inter-broker traffic) and {@code CONTROLLER} (TLS with client certificates). It authorizes with KRaft's
 * {@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false} and {@code User:broker} as the only super
 * user. Once it runs, {@link #setUp} (with the {@link #superUserAdmin}) creates the SCRAM users and the
 * {@link AclPlan}'s ACLs.
 *
 * <p>Clients:
 * <ul>
 *   <li>{@link #scramClient(String)}: SASL_SSL properties with the user's password inline, for clients in this JVM
 *       (the demo's counter, the processor, tests);</li>
 *   <li>{@link #mtlsClient(String)}: SSL properties with the principal's keystore, for the mTLS listener;</li>
 *   <li>{@link #workerProps(String)}: a Connect worker's own clients and its {@code producer.}, {@code consumer.} and
 *       {@code admin.} prefixes, which every connector's clients inherit (dead-letter producers included);</li>
 *   <li>{@link #connectorOverrides(String)} / {@link #jaasReference(String)}: per-connector credentials as
 *       {@code ${file:<credentials.properties>:<user>.sasl.jaas.config}}: the worker's FileConfigProvider resolves
 *       them for the task, {@code GET /connectors/{name}/config} shows only the placeholder;</li>
 *   <li>{@link #writeClientProperties(String, String)}: a client.properties file for console tools.</li>
 * </ul>
 * The truststore is the CA's PEM certificate ({@code ssl.truststore.type=PEM}), so it needs no password.
 */
public final class SecureKafka {

    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String CREDENTIALS = "credentials.properties";
    private static final String COMPLETE = ".complete";
    private static final int SCRAM_ITERATIONS = 8192;

    private final Path dir;
    private final Credentials credentials;
    private final AclPlan acls;

    private SecureKafka(Path dir, Credentials credentials, AclPlan acls) {
        this.dir = dir;
        this.credentials = credentials;
        this.acls = acls;
    }

    /**
     * The CA, keystores and credentials under {@code dir}: made when missing (a few seconds of keytool), reused
     * otherwise. The ACL plan is empty until {@link #withAcls}.
     */
    public static SecureKafka prepare(Path dir) throws IOException, InterruptedException {
        if (!Files.exists(dir.resolve(COMPLETE))) {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path work = Files.createTempDirectory(parent, dir.getFileName() + ".",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Credentials fresh = Credentials.create(work.resolve(CREDENTIALS));
            List<String> identities = new ArrayList<>(List.of(Principals.BROKER));
            identities.addAll(Principals.USERS);
            new Keystores(work, fresh.storePassword()).generate(identities);
            for (String user : Principals.USERS) {
                fresh.password(user);
            }
            Files.createFile(work.resolve(COMPLETE));
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        return new SecureKafka(dir.toAbsolutePath(), Credentials.load(dir.toAbsolutePath().resolve(CREDENTIALS)),
                AclPlan.empty());
    }

    public SecureKafka withAcls(AclPlan plan) {
        return new SecureKafka(dir, credentials, plan);
    }

    public AclPlan acls() {
        return acls;
    }

    public Path dir() {
        return dir;
    }

    /** The owner-only properties file with every password and {@code <user>.sasl.jaas.config} line. */
    public Path credentialsFile() {
        return credentials.file();
    }

    /** The CA certificate, the truststore of every client ({@code ssl.truststore.type=PEM}). */
    public Path caCertificate() {
        return dir.resolve(Keystores.CA_PEM);
    }

    public Path keystore(String principal) {
        return Keystores.keystore(dir, principal);
    }

    /** A SCRAM user's password (made and saved the first time, for users beyond {@link Principals#USERS}). */
    public String password(String user) throws IOException {
        return credentials.password(user);
    }

    /** The broker's listener, TLS, SASL and authorizer settings (KafkaConfig keys). */
    public Map<String, String> brokerProps(int saslPort, int mtlsPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", "SASL_SSL://127.0.0.1:" + saslPort + ",MTLS://127.0.0.1:" + mtlsPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + saslPort + ",MTLS://127.0.0.1:" + mtlsPort);
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,MTLS:SSL,CONTROLLER:SSL");
        props.put("inter.broker.listener.name", "MTLS");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        // Server side of SCRAM: the credentials live in the cluster metadata; no broker login of its own.
        props.put("listener.name.sasl_ssl." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore(Principals.BROKER).toString());
        props.put("ssl.keystore.password", credentials.storePassword());
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.location", caCertificate().toString());
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("listener.name.controller.ssl.client.auth", "required");
        props.put("ssl.principal.mapping.rules", Principals.MAPPING_RULES);
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", Principals.user(Principals.BROKER));
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    /** SASL_SSL client settings for a SCRAM user, password inline (clients in this JVM; never written out). */
    public Map<String, Object> scramClient(String user) throws IOException {
        Map<String, Object> props = new LinkedHashMap<>(tls());
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", Credentials.jaas(user, credentials.password(user)));
        return props;
    }

    /** SSL client settings with the principal's certificate, for the mTLS listener. */
    public Map<String, Object> mtlsClient(String principal) {
        Map<String, Object> props = new LinkedHashMap<>(tls());
        props.put("security.protocol", "SSL");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore(principal).toString());
        props.put("ssl.keystore.password", credentials.storePassword());
        return props;
    }

    private Map<String, String> tls() {
        return Map.of("ssl.truststore.type", "PEM", "ssl.truststore.location", caCertificate().toString());
    }

    /**
     * A Connect worker's settings for authenticating as {@code user}: its own clients (group membership, internal
     * topics) and, under {@code producer.}, {@code consumer.} and {@code admin.}, the clients it makes for every
     * connector (source producers, sink consumers, dead-letter producers, topic creation).
     */
    public Map<String, String> workerProps(String user) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
            scramClient(user).forEach((k, v) -> props.put(prefix + k, v.toString()));
        }
        return props;
    }

    /** {@code ${file:<credentials.properties>:<user>.sasl.jaas.config}}: the user's JAAS line through a config provider. */
    public String jaasReference(String user) throws IOException {
        credentials.password(user);
        return "${file:" + credentials.file() + ":" + Credentials.jaasKey(user) + "}";
    }

    /**
     * Connector settings that make one connector's producer, consumer and admin client authenticate as {@code user}
     * rather than as the worker, through the worker's FileConfigProvider (needs
     * connector.client.config.override.policy=All and config.providers=file, as in the shipped worker config).
     */
    public Map<String, String> connectorOverrides(String user) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String prefix : List.of("producer.override.", "consumer.override.", "admin.override.")) {
            props.put(prefix + "sasl.jaas.config", jaasReference(user));
        }
        return props;
    }

    /** An admin client as the broker's own principal (the super user) over the mTLS listener. */
    public Admin superUserAdmin(String mtlsBootstrap) {
        Map<String, Object> props = new LinkedHashMap<>(mtlsClient(Principals.BROKER));
        props.put("bootstrap.servers", mtlsBootstrap);
        return Admin.create(props);
    }

    /**
     * Creates (or updates) the SCRAM users of {@link Principals#USERS} and the ACL plan, and waits until the broker
     * accepts a login over {@code saslBootstrap} and lists the ACLs.
     */
    public void setUp(Admin superUser, String saslBootstrap) throws IOException, InterruptedException,
            ExecutionException {
        createUsers(superUser, Principals.USERS, saslBootstrap);
        acls.apply(superUser);
    }

    /** SCRAM-SHA-512 credentials for {@code users} (passwords from the credentials file, made if new). */
    public void createUsers(Admin superUser, Collection<String> users, String saslBootstrap) throws IOException,
            InterruptedException, ExecutionException {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String user : users) {
            upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), credentials.password(user)));
        }
        superUser.alterUserScramCredentials(upserts).all().get();
        awaitLogin(users.iterator().next(), saslBootstrap);
    }

    /** Credentials reach the broker through the metadata log, a moment after the controller accepted them. */
    private void awaitLogin(String user, String saslBootstrap) throws IOException, InterruptedException {
        Map<String, Object> props = new LinkedHashMap<>(scramClient(user));
        props.put("bootstrap.servers", saslBootstrap);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("SCRAM user " + user + " could not log in at " + saslBootstrap
                                + " within 30 s", notYet);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Writes {@code <dir>/<user>.properties}, owner-only: what a console tool needs to connect as {@code user}
     * ({@code kafka-console-consumer.sh --consumer.config FILE}), password inline.
     */
    public Path writeClientProperties(String user, String bootstrap) throws IOException {
        Path file = dir.resolve(user + ".properties");
        Path tmp = dir.resolve(user + ".properties.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp)) {
            out.write("# Kafka client settings for User:" + user + " on the secure local stack (owner-only: holds the "
                    + "password)\n");
            out.write("bootstrap.servers=" + bootstrap + "\n");
            for (Map.Entry<String, Object> e : scramClient(user).entrySet()) {
                out.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
