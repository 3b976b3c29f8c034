package io.tributary.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CartEventsDemoTest {

    private static final String A = "6d0b60ca-a248-44a3-81e1-700595465ef7";
    private static final String B = "00000000-0000-4000-8000-000000000001";
    private static final String C = "00000000-0000-4000-8000-000000000002";

    @Test
    void theSameIdsInAnotherOrderAgree() {
        assertThat(CartEventsDemo.idMismatch("cart-events-raw", List.of(A, B, A), List.of(B, A, A))).isNull();
    }

    @Test
    void aRepeatAndALossInTheSameTopicDoNotCancelOut() {
        // three records expected and three found: the count agrees, the ids do not
        assertThat(CartEventsDemo.idMismatch("cart-events-enriched", List.of(A, B, C), List.of(A, B, B)))
                .isEqualTo("cart-events-enriched: 1 event ids expected and missing, 1 there unexpectedly");
    }

    @Test
    void aRecordWithoutAnIdIsUnexpected() {
        assertThat(CartEventsDemo.idMismatch("cart-events-dlq", List.of(A), List.of("(no event id: cart-events-dlq-0@0)")))
                .isEqualTo("cart-events-dlq: 1 event ids expected and missing, 1 there unexpectedly");
    }
}
