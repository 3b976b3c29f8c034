package io.tributary.testsupport;

/**
 * Fails fast when Kafka's test kit would bind beyond loopback: test-support's copy of
 * {@code PreboundSocketFactoryManager} must shadow the kit's, which means test-support must be declared before
 * the kit (and before anything that pulls it in) in the module's dependencies.
 */
public final class LoopbackGuard {

    private LoopbackGuard() {
    }

    public static void check() {
        try {
            Class.forName("org.apache.kafka.common.test.PreboundSocketFactoryManager").getField("LOOPBACK_ONLY");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Kafka's test kit is not on the classpath", e);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("The Kafka test kit's own PreboundSocketFactoryManager was loaded: it "
                    + "binds brokers to 0.0.0.0. Declare tributary-test-support before the Kafka test dependencies "
                    + "in this module's pom.", e);
        }
    }
}
