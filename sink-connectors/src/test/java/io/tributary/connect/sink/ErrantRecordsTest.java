package io.tributary.connect.sink;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrantRecordsTest {

    /** Read at orders-2@41, renamed to table_orders by a router. */
    private static final SinkRecord ROUTED = new SinkRecord("orders", 2, null, null, null, "v", 41,
            1_700_000_000_000L, TimestampType.CREATE_TIME)
            .newRecord("table_orders", 0, null, null, null, "v", 1_700_000_000_000L);

    @Test
    void aReportedRecordReachesTheWorkersReporterWithItsError() {
        InMemorySinkContext context = new InMemorySinkContext();
        DataException error = new DataException("field 'n': not a number");
        ErrantRecords.of(context).report(ROUTED, error);
        assertThat(context.errant()).containsExactly(ROUTED);
        assertThat(context.errors()).containsExactly(error);
    }

    @Test
    void withoutAReporterTheTaskFailsNamingTheOriginalCoordinatesAndHowToGetADeadLetterTopic() {
        DataException error = new DataException("field 'n': not a number");
        assertThatThrownBy(() -> ErrantRecords.of(InMemorySinkContext.withoutReporter()).report(ROUTED, error))
                .isInstanceOf(ConnectException.class).hasCause(error)
                .hasMessage("Record orders-2@41 (as table_orders) cannot be written (field 'n': not a number) and "
                        + "there is no errant record reporter: set errors.tolerance=all and "
                        + "errors.deadletterqueue.topic.name to send such records to a dead-letter topic and go on");
    }

    @Test
    void aRuntimeWithoutTheReporterMethodFailsLikeOneWithoutAReporter() {
        SinkTaskContext beforeKip610 = (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SinkTaskContext.class}, (proxy, method, args) -> {
                    throw new NoSuchMethodError(method.getName());
                });
        ErrantRecords errant = ErrantRecords.of(beforeKip610);
        assertThatThrownBy(() -> errant.report(ROUTED, new DataException("bad")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("no errant record reporter");
    }

    @Test
    void reportsFromSeveralThreadsReachTheReporterOneAtATime() throws InterruptedException {
        int[] inside = {0};
        int[] most = {0};
        List<SinkRecord> seen = new ArrayList<>();
        ErrantRecordReporter unsafe = (record, error) -> {
            inside[0]++;
            most[0] = Math.max(most[0], inside[0]);
            seen.add(record);
            Thread.yield();
            inside[0]--;
            return CompletableFuture.completedFuture(null);
        };
        SinkTaskContext context = (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SinkTaskContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("errantRecordReporter")) {
                        return unsafe;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ErrantRecords errant = ErrantRecords.of(context);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    errant.report(ROUTED, new DataException("bad"));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).hasSize(4_000);
        assertThat(most[0]).isEqualTo(1);
    }
}
