package io.aigw.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.GatewayIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/** The shipped {@code config/application.yml} bounds idle and slow-header connections (issue 14 item 6). */
class IdleTimeoutDefaultIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    Environment environment;

    @Test
    void theShippedConfigurationSetsAnIdleTimeout() {
        String idle = environment.getProperty("server.netty.idle-timeout");
        assertThat(idle).as("server.netty.idle-timeout in config/application.yml").isNotNull();
        assertThat(DurationStyle.detectAndParse(idle)).isEqualTo(Duration.ofSeconds(60));
    }
}
