package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockModelSettingsTest {

    @Test
    void defaultsAreLoopbackEphemeralTwelveChunksFortyMillis() {
        MockModelSettings defaults = MockModelSettings.defaults();

        assertThat(defaults).isEqualTo(new MockModelSettings("127.0.0.1", 0, 12, Duration.ofMillis(40)));
    }

    @Test
    void withersValidateAndKeepTheOtherComponents() {
        MockModelSettings settings = MockModelSettings.defaults().withPort(9901).withChunks(50).withChunkDelay(Duration.ZERO);

        assertThat(settings).isEqualTo(new MockModelSettings("127.0.0.1", 9901, 50, Duration.ZERO));
    }

    @Test
    void blankHostIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MockModelSettings(" ", 0, 1, Duration.ZERO))
                .withMessage("host must not be blank");
    }

    @Test
    void nullHostIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> new MockModelSettings(null, 0, 1, Duration.ZERO))
                .withMessage("host");
    }

    @Test
    void portOutOfRangeIsRejectedNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> MockModelSettings.defaults().withPort(65_536))
                .withMessage("port must be 0..65535, was 65536");
        assertThatIllegalArgumentException().isThrownBy(() -> MockModelSettings.defaults().withPort(-1))
                .withMessageContaining("was -1");
    }

    @Test
    void chunksOutOfRangeAreRejectedNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> MockModelSettings.defaults().withChunks(0))
                .withMessage("chunks must be 1..10000, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> MockModelSettings.defaults().withChunks(10_001))
                .withMessageContaining("was 10001");
    }

    @Test
    void negativeOrHugeDelayIsRejectedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelSettings.defaults().withChunkDelay(Duration.ofMillis(-5)))
                .withMessage("chunkDelay must be 0..60000 ms, was -5 ms");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelSettings.defaults().withChunkDelay(Duration.ofMinutes(2)))
                .withMessageContaining("was 120000 ms");
    }
}
