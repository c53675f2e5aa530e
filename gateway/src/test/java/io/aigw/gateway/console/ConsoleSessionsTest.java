package io.aigw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Console sessions on a hand-moved clock: they live for the idle timeout, renewals stop at the maximum lifetime, forgeries fail. */
class ConsoleSessionsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(15);
    private static final Duration MAX = Duration.ofHours(8);

    private final MutableClock clock = new MutableClock(T0);
    private final ConsoleSessions sessions = ConsoleSessions.withRandomKey(clock, IDLE, MAX);

    @Test
    void aSessionIsLiveUntilTheIdleTimeoutAndExpiredFromThen() {
        ConsoleSessions.Session session = sessions.signIn();
        String token = sessions.token(session);
        assertThat(session.expiresAt()).isEqualTo(T0.plus(IDLE));
        assertThat(sessions.check(token)).isEqualTo(new ConsoleSessions.Live(session));

        clock.advance(IDLE.minusMillis(1));
        assertThat(sessions.check(token)).isInstanceOf(ConsoleSessions.Live.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(sessions.check(token)).isInstanceOf(ConsoleSessions.Expired.class);
    }

    @Test
    void renewingMovesTheExpiryOnButNeverPastTheMaximumLifetime() {
        ConsoleSessions.Session session = sessions.signIn();
        clock.advance(Duration.ofMinutes(10));
        ConsoleSessions.Session renewed = sessions.renew(session);
        assertThat(renewed.signedInAt()).isEqualTo(T0);
        assertThat(renewed.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(25)));
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.check(sessions.token(session))).isInstanceOf(ConsoleSessions.Expired.class);
        assertThat(sessions.check(sessions.token(renewed))).isInstanceOf(ConsoleSessions.Live.class);

        clock.set(T0.plus(MAX).minus(Duration.ofMinutes(5)));
        ConsoleSessions.Session last = sessions.renew(renewed);
        assertThat(last.expiresAt()).isEqualTo(T0.plus(MAX));
        clock.set(T0.plus(MAX));
        assertThat(sessions.check(sessions.token(last))).isInstanceOf(ConsoleSessions.Expired.class);
    }

    @Test
    void aSessionIssuedForAnEarlierSignInIsExpiredNow() {
        assertThat(sessions.check(sessions.token(sessions.issue(T0.minus(IDLE)))))
                .isInstanceOf(ConsoleSessions.Expired.class);
        assertThat(sessions.check(sessions.token(sessions.issue(T0.minus(IDLE).plusMillis(1)))))
                .isInstanceOf(ConsoleSessions.Live.class);
    }

    @Test
    void aForgedTamperedForeignOrMalformedTokenIsRefused() {
        String token = sessions.token(sessions.signIn());
        int dot = token.indexOf('.');
        // A later expiry written into the payload: the signature no longer matches.
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.US_ASCII);
        String later = payload.substring(0, payload.lastIndexOf(':') + 1) + T0.plus(Duration.ofDays(365)).toEpochMilli();
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(later.getBytes(StandardCharsets.US_ASCII))
                + token.substring(dot);
        char last = token.charAt(token.length() - 1);
        String badSignature = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherProcess = ConsoleSessions.withRandomKey(clock, IDLE, MAX).token(sessions.signIn());

        for (String refused : new String[] {tampered, badSignature, otherProcess, "", "no-dot", "a.b.c", "!!!.???",
                token + "x", token.substring(0, dot), "test-admin-token", "x".repeat(10_000), null}) {
            assertThat(sessions.check(refused)).as(String.valueOf(refused)).isInstanceOf(ConsoleSessions.Refused.class);
        }
        assertThat(sessions.check(token)).isInstanceOf(ConsoleSessions.Live.class);
    }
}
