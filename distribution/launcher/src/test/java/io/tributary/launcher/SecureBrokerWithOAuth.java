package io.tributary.launcher;

import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The secure local stack's broker ({@link SecureKafka#brokerProps}: SASL_SSL with SCRAM-SHA-512, mTLS, the
 * StandardAuthorizer, its users and ACL plan) with one more listener, {@code OAUTH}: SASL_SSL with OAUTHBEARER,
 * tokens checked by Kafka's OAuthBearerValidatorCallbackHandler against an identity provider's JWKS, issuer and
 * audience — the way managed Kafka services authenticate OAuth clients. Started here rather than through
 * {@link LocalStack} because the stack's broker has no OAUTHBEARER listener and the examples' workers must be the
 * only workers of their group.
 */
final class SecureBrokerWithOAuth implements AutoCloseable {

    /** Kafka 4.0+ fetches only token and JWKS endpoints listed in this JVM system property. */
    static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private final KafkaRaftServer server;
    private final String sasl;
    private final String mtls;
    private final String oauth;

    private SecureBrokerWithOAuth(KafkaRaftServer server, String sasl, String mtls, String oauth) {
        this.server = server;
        this.sasl = sasl;
        this.mtls = mtls;
        this.oauth = oauth;
    }

    /**
     * Starts the broker, then creates {@code security}'s SCRAM users and ACLs as the super user. Tokens on the OAUTH
     * listener must be signed by a key in {@code idp}'s JWKS, issued by it for {@code audience}.
     */
    static SecureBrokerWithOAuth start(Path logDir, SecureKafka security, LocalOidcProvider idp, String audience)
            throws IOException, InterruptedException {
        int saslPort = Ports.anyFree();
        int mtlsPort = Ports.anyFree();
        int controllerPort = Ports.anyFree();
        int oauthPort = Ports.anyFree();
        Map<String, String> props = new HashMap<>(security.brokerProps(saslPort, mtlsPort, controllerPort));
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");

        String listener = "OAUTH://127.0.0.1:" + oauthPort;
        props.put("listeners", props.get("listeners") + "," + listener);
        props.put("advertised.listeners", props.get("advertised.listeners") + "," + listener);
        props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",OAUTH:SASL_SSL");
        props.put("listener.name.oauth.sasl.enabled.mechanisms", "OAUTHBEARER");
        props.put("listener.name.oauth.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        props.put("listener.name.oauth.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        props.put("listener.name.oauth.sasl.oauthbearer.jwks.endpoint.url", idp.jwksEndpoint().toString());
        props.put("listener.name.oauth.sasl.oauthbearer.expected.audience", audience);
        props.put("listener.name.oauth.sasl.oauthbearer.expected.issuer", idp.issuer());
        System.setProperty(ALLOWED_URLS, idp.jwksEndpoint() + "," + idp.tokenEndpoint());

        KafkaRaftServer server = LocalStack.startBroker(logDir, saslPort, controllerPort, props);
        SecureBrokerWithOAuth broker = new SecureBrokerWithOAuth(server, "127.0.0.1:" + saslPort,
                "127.0.0.1:" + mtlsPort, "127.0.0.1:" + oauthPort);
        try (Admin admin = security.superUserAdmin(broker.mtls)) {
            LocalStack.awaitBroker(broker.superUserClient(security));
            security.setUp(admin, broker.sasl);
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            broker.close();
            throw new IOException("Setting up the secure broker's users and ACLs failed", e);
        }
        return broker;
    }

    /** The SASL_SSL (SCRAM-SHA-512) listener. */
    String saslBootstrap() {
        return sasl;
    }

    /** The SSL listener with required client certificates. */
    String mtlsBootstrap() {
        return mtls;
    }

    /** The SASL_SSL (OAUTHBEARER) listener. */
    String oauthBootstrap() {
        return oauth;
    }

    /** The broker's own principal ({@link Principals#BROKER}), the only super user, over mTLS. */
    Map<String, Object> superUserClient(SecureKafka security) {
        Map<String, Object> props = new java.util.HashMap<>(security.mtlsClient(Principals.BROKER));
        props.put("bootstrap.servers", mtls);
        return props;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
