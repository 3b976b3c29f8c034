package io.tributary.connect.sink;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionFanOutTest {

    private final PartitionFanOut fanOut = new PartitionFanOut("test-fan-out", 3,
            RetriableException.class::isInstance,
            cause -> cause instanceof RuntimeException known ? known : new ConnectException("unexpected: " + cause, cause));

    @AfterEach
    void close() {
        fanOut.close();
    }

    @Test
    void resultsComeBackInPartitionOrder() {
        assertThat(fanOut.run(List.of(1, 2, 3, 4, 5), p -> p * 10)).containsExactly(10, 20, 30, 40, 50);
        assertThat(fanOut.run(List.of(7), p -> p * 10)).containsExactly(70);
        assertThat(fanOut.run(List.<Integer>of(), p -> p * 10)).isEmpty();
    }

    @Test
    void aFatalFailureOutweighsARetriableOneWhicheverPartitionHadIt() {
        RetriableException later = new RetriableException("server busy");
        ConnectException fatal = new ConnectException("table dropped");
        for (List<Integer> order : List.of(List.of(1, 2, 3), List.of(3, 2, 1))) {
            assertThatThrownBy(() -> fanOut.run(order, p -> {
                if (p == 1) {
                    throw later;
                }
                if (p == 3) {
                    throw fatal;
                }
                return p;
            })).isSameAs(fatal);
        }
    }

    @Test
    void amongFailuresOfOneKindTheFirstPartitionsIsThrown() {
        assertThatThrownBy(() -> fanOut.run(List.of(1, 2, 3), p -> {
            throw new RetriableException("busy " + p);
        })).hasMessage("busy 1");
    }

    @Test
    void everyPartitionFinishesBeforeAFailureIsThrown() {
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        assertThatThrownBy(() -> fanOut.run(List.of(1, 2, 3, 4, 5, 6), p -> {
            if (p == 1) {
                throw new ConnectException("fatal");
            }
            finished.add(p);
            return p;
        })).hasMessage("fatal");
        assertThat(finished).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
    }

    @Test
    void anUnexpectedThrowableBecomesWhatTheConnectorSays() {
        Exception checked = new java.io.IOException("disk");
        assertThatThrownBy(() -> fanOut.run(List.of(1, 2), p -> {
            throw checked;
        })).isInstanceOf(ConnectException.class).hasMessage("unexpected: java.io.IOException: disk").hasCause(checked);
        assertThatThrownBy(() -> fanOut.run(List.of(1), p -> {
            throw checked;
        })).isInstanceOf(ConnectException.class).hasCause(checked);
    }

    @Test
    void weightierKeepsTheFatalOrElseTheFirst() {
        RetriableException a = new RetriableException("a");
        RetriableException b = new RetriableException("b");
        ConnectException fatal = new ConnectException("fatal");
        assertThat(fanOut.weightier(null, null)).isNull();
        assertThat(fanOut.weightier(null, a)).isSameAs(a);
        assertThat(fanOut.weightier(a, null)).isSameAs(a);
        assertThat(fanOut.weightier(a, b)).isSameAs(a);
        assertThat(fanOut.weightier(a, fatal)).isSameAs(fatal);
        assertThat(fanOut.weightier(fatal, a)).isSameAs(fatal);
    }
}
