package io.tributary.launcher.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

/**
 * The ACLs of a secure stack, as Kafka's own {@link AclBinding}s (ALLOW, any host), built up per kind of client and
 * applied with {@link Admin#createAcls}. Immutable: every method returns a new plan. The broker runs with
 * allow.everyone.if.no.acl.found=false, so whatever is not here is refused.
 */
public final class AclPlan {

    /** The one name a cluster resource has in Kafka's ACLs. */
    private static final String CLUSTER = "kafka-cluster";
    private static final AclOperation[] TOPIC_USE = {READ, WRITE, DESCRIBE, CREATE, DESCRIBE_CONFIGS};

    private final List<AclBinding> bindings;

    private AclPlan(List<AclBinding> bindings) {
        this.bindings = List.copyOf(bindings);
    }

    public static AclPlan empty() {
        return new AclPlan(List.of());
    }

    /**
     * The local stack's plan ({@code ./tributary up --secure}, {@code demo --secure}): the Connect worker of group
     * {@code tributary-connect}, the processor with {@code processorApplicationId}, the demo's clients and the
     * read-only user, all on the data topics {@code events-*} and {@code agg-*}.
     */
    public static AclPlan localStack(String processorApplicationId) {
        List<String> data = List.of("events-", "agg-");
        return empty()
                .connectWorker(Principals.CONNECT, "tributary-", data)
                .streamsApplication(Principals.PROCESSOR, processorApplicationId, data)
                .topics(Principals.DEMO, data, READ, WRITE, DESCRIBE, CREATE)
                .topics(Principals.READONLY, data, READ, DESCRIBE)
                .allow(Principals.READONLY, ResourceType.GROUP, "readonly-", PatternType.PREFIXED, READ, DESCRIBE);
    }

    /** One ACL per operation: {@code principal} may do {@code operations} on the resource. */
    public AclPlan allow(String principal, ResourceType type, String name, PatternType pattern,
                         AclOperation... operations) {
        List<AclBinding> more = new ArrayList<>(bindings);
        for (AclOperation operation : operations) {
            more.add(binding(principal, type, name, pattern, operation));
        }
        return new AclPlan(more);
    }

    /** {@code operations} on every topic whose name starts with one of {@code prefixes}. */
    public AclPlan topics(String principal, Collection<String> prefixes, AclOperation... operations) {
        AclPlan plan = this;
        for (String prefix : prefixes) {
            plan = plan.allow(principal, ResourceType.TOPIC, prefix, PatternType.PREFIXED, operations);
        }
        return plan;
    }

    /**
     * A distributed Connect worker whose group.id and internal topics start with {@code workerPrefix}: its group and
     * internal topics; exactly-once source support's transactional ids ({@code <group.id>-<connector>-<task>} for
     * the tasks, {@code connect-cluster-<group.id>} for the leader's config-topic writes); the sink connectors'
     * groups ({@code connect-<connector>}, Delete so their offsets can be reset); idempotent writes; and the data
     * topics every connector reads or writes, dead-letter topics included.
     */
    public AclPlan connectWorker(String principal, String workerPrefix, Collection<String> dataTopicPrefixes) {
        return allow(principal, ResourceType.TOPIC, workerPrefix, PatternType.PREFIXED, TOPIC_USE)
                .allow(principal, ResourceType.GROUP, workerPrefix, PatternType.PREFIXED, READ, DESCRIBE)
                .allow(principal, ResourceType.TRANSACTIONAL_ID, workerPrefix, PatternType.PREFIXED, WRITE, DESCRIBE)
                .allow(principal, ResourceType.TRANSACTIONAL_ID, "connect-cluster-" + workerPrefix,
                        PatternType.PREFIXED, WRITE, DESCRIBE)
                .allow(principal, ResourceType.GROUP, "connect-", PatternType.PREFIXED, READ, DESCRIBE, DELETE)
                .allow(principal, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL, IDEMPOTENT_WRITE)
                .topics(principal, dataTopicPrefixes, TOPIC_USE);
    }

    /**
     * A Kafka Streams application: everything on its internal topics, group and transactional ids (all named after
     * {@code applicationId}), idempotent writes, and the data topics it reads and writes.
     */
    public AclPlan streamsApplication(String principal, String applicationId, Collection<String> dataTopicPrefixes) {
        return allow(principal, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL)
                .allow(principal, ResourceType.GROUP, applicationId, PatternType.PREFIXED, READ, DESCRIBE, DELETE)
                .allow(principal, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, WRITE, DESCRIBE)
                .allow(principal, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL, IDEMPOTENT_WRITE)
                .topics(principal, dataTopicPrefixes, TOPIC_USE);
    }

    public List<AclBinding> bindings() {
        return bindings;
    }

    /** Creates the plan's ACLs and waits until the broker answers with all of them (its authorizer has them). */
    public void apply(Admin superUser) throws InterruptedException, ExecutionException {
        grant(superUser, bindings);
    }

    /** Creates ACLs (e.g. one that was missing) and waits until the broker's authorizer has them. */
    public static void grant(Admin superUser, Collection<AclBinding> acls) throws InterruptedException,
            ExecutionException {
        if (acls.isEmpty()) {
            return;
        }
        superUser.createAcls(acls).all().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<AclBinding> present = new HashSet<>(superUser.describeAcls(AclBindingFilter.ANY).values().get());
            if (present.containsAll(acls)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionException(new IllegalStateException("The broker did not list the ACLs created "
                        + "within 30 s; missing: " + acls.stream().filter(a -> !present.contains(a)).toList()));
            }
            Thread.sleep(100);
        }
    }

    public static AclBinding binding(String principal, ResourceType type, String name, PatternType pattern,
                                     AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(Principals.user(principal), "*", operation, AclPermissionType.ALLOW));
    }
}
