package io.aigw.gateway.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console settings, under {@code aigw.console.}; each is documented with its default in
 * {@code config/README.md}.
 *
 * @param enabled serve the console when the admin endpoints are on, default true
 * @param idleTimeout the pages forget the admin token after this long without a page load or click,
 *     default 15m; a tab's token is gone anyway once the tab is closed
 */
@ConfigurationProperties("aigw.console")
public record ConsoleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15m") Duration idleTimeout) {

    public ConsoleProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("aigw.console.idle-timeout must be positive, got " + idleTimeout);
        }
    }
}
