package io.tributary.connect.sink.clickhouse.client;

import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static ClickHouseGateway.GatewayException server(int headerCode, String message) {
        return new ClickHouseGateway.GatewayException("INSERT INTO t",
                new ExecutionException(new ServerException(headerCode, message, 500, "q")));
    }

    @Test
    void theCodeComesFromTheHeaderOrFromTheMessageOfOldServers() {
        assertThat(Failures.code(server(252, "Too many parts"))).isEqualTo(252);
        // 18.16 sends no X-ClickHouse-Exception-Code header: the client reports 0.
        assertThat(Failures.code(server(0, "Code: 27, e.displayText() = DB::Exception: Cannot parse input")))
                .isEqualTo(27);
        assertThat(Failures.code(server(0, "no code here"))).isNull();
    }

    @Test
    void overloadAndTimeoutsAreRetriedDataErrorsSplitTableErrorsFail() {
        assertThat(Failures.of(server(252, "Too many parts"))).isEqualTo(Failures.RETRIABLE);
        assertThat(Failures.of(server(202, "Too many simultaneous queries"))).isEqualTo(Failures.RETRIABLE);
        assertThat(Failures.of(server(159, "Timeout exceeded"))).isEqualTo(Failures.RETRIABLE);
        assertThat(Failures.of(server(0, "Code: 53, Type mismatch"))).isEqualTo(Failures.RECORD);
        assertThat(Failures.of(server(0, "Code: 27, Cannot parse input"))).isEqualTo(Failures.RECORD);
        assertThat(Failures.of(server(60, "Table doesn't exist"))).isEqualTo(Failures.FATAL);
        assertThat(Failures.of(server(516, "Authentication failed"))).isEqualTo(Failures.FATAL);
        assertThat(Failures.of(new ClickHouseGateway.GatewayException("SELECT 1",
                new ConnectException("Connection refused")))).isEqualTo(Failures.RETRIABLE);
        assertThat(Failures.of(new IllegalStateException("a bug"))).isEqualTo(Failures.FATAL);
    }

    @Test
    void messagesStopBeforeTheDataTheServerQuotes() {
        String described = Failures.describe(server(0, "Code: 27, e.displayText() = DB::Exception: Cannot parse "
                + "input: expected \" before: jane.doe@example.com\",\"n\":1}: (at row 1)"));
        assertThat(described).contains("Code: 27").endsWith("[data omitted]").doesNotContain("jane.doe");
    }
}
