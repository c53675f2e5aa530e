package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockModelCommandLineTest {

    private static final MockModelSettings DEFAULTS = MockModelSettings.defaults().withPort(9901);

    @Test
    void noArgumentsKeepTheDefaults() {
        assertThat(MockModelCommandLine.parse(new String[0], DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void everyOptionIsRead() {
        MockModelSettings settings = MockModelCommandLine.parse(
                new String[] {"--host=0.0.0.0", "--port=9902", "--chunks=50", "--delay-ms=0"}, DEFAULTS);

        assertThat(settings).isEqualTo(new MockModelSettings("0.0.0.0", 9902, 50, Duration.ZERO));
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelCommandLine.parse(new String[] {"--speed=3"}, DEFAULTS))
                .withMessage("Unknown option '--speed=3'");
    }

    @Test
    void argumentWithoutValueIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelCommandLine.parse(new String[] {"--port"}, DEFAULTS))
                .withMessage("Unrecognised argument '--port'");
    }

    @Test
    void nonIntegerValueIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelCommandLine.parse(new String[] {"--chunks=lots"}, DEFAULTS))
                .withMessage("Argument '--chunks=lots' needs an integer value");
    }

    @Test
    void outOfRangeValueIsRejectedBySettings() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MockModelCommandLine.parse(new String[] {"--port=70000"}, DEFAULTS))
                .withMessageContaining("70000");
    }
}
