package io.aigw.gateway.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console settings, under {@code aigw.console.}; each is documented with its default in
 * {@code config/README.md}.
 *
 * @param enabled serve the console when the admin endpoints are on, default true
 * @param idleTimeout a console session ends this long after it was issued or last renewed (the pages renew
 *     it on each page load and, at most once a minute, on a click; the overview's refresh does not),
 *     default 15m; the server refuses it after that
 * @param sessionMaxLifetime no session outlives its sign-in by more than this, renewed or not, default 8h
 */
@ConfigurationProperties("aigw.console")
public record ConsoleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15m") Duration idleTimeout,
        @DefaultValue("8h") Duration sessionMaxLifetime) {

    public ConsoleProperties {
        positive("aigw.console.idle-timeout", idleTimeout);
        positive("aigw.console.session-max-lifetime", sessionMaxLifetime);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
