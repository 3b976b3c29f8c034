package io.tributary.connect.sink.clickhouse.convert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerVersionTest {

    @Test
    void parsesThreeAndFourPartVersions() {
        assertThat(ServerVersion.parse("18.16.1")).isEqualTo(new ServerVersion(18, 16, 1, 0));
        assertThat(ServerVersion.parse("24.8.4.13")).isEqualTo(new ServerVersion(24, 8, 4, 13));
        assertThat(ServerVersion.parse("23.3.1.2823-lts")).isEqualTo(new ServerVersion(23, 3, 1, 2823));
        assertThat(ServerVersion.parse("24.8.4.13").toString()).isEqualTo("24.8.4.13");
    }

    @Test
    void refusesTextThatIsNotAVersion() {
        assertThatThrownBy(() -> ServerVersion.parse("latest")).hasMessageContaining("'latest'");
        assertThatThrownBy(() -> ServerVersion.parse("24")).hasMessageContaining("'24'");
    }

    @Test
    void server18_16HasNoneOfTheNewerFeatures() {
        ServerVersion old = ServerVersion.parse("18.16.1");
        assertThat(old.supportsRowBinaryWithDefaults()).isFalse();
        assertThat(old.supportsMap()).isFalse();
        assertThat(old.supportsDateTime64()).isFalse();
        assertThat(old.supportsBool()).isFalse();
    }

    @Test
    void featuresStartAtTheirFirstRelease() {
        assertThat(ServerVersion.parse("23.6.2").supportsRowBinaryWithDefaults()).isFalse();
        assertThat(ServerVersion.parse("23.7.1").supportsRowBinaryWithDefaults()).isTrue();
        assertThat(ServerVersion.parse("20.12.1").supportsMap()).isFalse();
        assertThat(ServerVersion.parse("21.1.2").supportsMap()).isTrue();
        assertThat(ServerVersion.parse("19.17.1").supportsDateTime64()).isFalse();
        assertThat(ServerVersion.parse("20.1.1").supportsDateTime64()).isTrue();
        assertThat(ServerVersion.parse("21.11.1").supportsBool()).isFalse();
        assertThat(ServerVersion.parse("21.12.1").supportsBool()).isTrue();
        assertThat(ServerVersion.parse("24.8.4.13").supportsBool()).isTrue();
    }

    @Test
    void ordersByEachPartInTurn() {
        assertThat(ServerVersion.parse("24.8.4.13")).isGreaterThan(ServerVersion.parse("24.8.4.9"));
        assertThat(ServerVersion.parse("24.10.1")).isGreaterThan(ServerVersion.parse("24.8.9"));
        assertThat(ServerVersion.parse("18.16.1")).isLessThan(ServerVersion.parse("19.1"));
    }
}
