package io.aigw.gateway.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sessions: what the login exchanges the admin token for, so that the browser never keeps
 * the admin token and the server, not the page, decides when a session is over. A session token is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))} with the payload
 * {@code "aigw-console:" signedInMillis ":" expiresMillis}; the key is 32 random bytes drawn when the
 * process starts and never leaves it, so a restart (or another replica) ends every session.
 *
 * <p>A session expires {@code idleTimeout} after it was issued or last renewed ({@link #renew}), and
 * never later than {@code maxLifetime} after the sign-in. Signatures are compared in constant time.
 * Thread-safe; no blocking call after construction (the MAC provider is loaded there).
 */
final class ConsoleSessions {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "aigw-console:";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Far longer than any token this class issues; longer input is refused before any decoding. */
    private static final int MAX_TOKEN_CHARS = 256;

    /** A live session: when its operator signed in with the admin token and when it ends unless renewed. */
    record Session(Instant signedInAt, Instant expiresAt) {
    }

    /** What a presented token is. */
    sealed interface Check permits Live, Expired, Refused {
    }

    /** Signed here and not expired. */
    record Live(Session session) implements Check {
    }

    /** Signed here, but past its expiry (or the sign-in's maximum lifetime). */
    record Expired() implements Check {
    }

    /** Not a token this process signed: malformed, forged, tampered with, or from another process. */
    record Refused() implements Check {
    }

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final SecretKeySpec key;

    ConsoleSessions(Clock clock, Duration idleTimeout, Duration maxLifetime, byte[] key) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (key.length < 32) {
            throw new IllegalArgumentException("the session key needs at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        mac(new byte[0]); // loads the provider now, not on an event loop
    }

    /** Sessions signed with a key drawn now from {@link SecureRandom}. */
    static ConsoleSessions withRandomKey(Clock clock, Duration idleTimeout, Duration maxLifetime) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ConsoleSessions(clock, idleTimeout, maxLifetime, key);
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    Duration maxLifetime() {
        return maxLifetime;
    }

    /** A new session for an operator who has just shown the admin token. */
    Session signIn() {
        return issue(clock.instant());
    }

    /**
     * The session of an operator who showed the admin token at {@code signedInAt}, as it was issued then
     * (tests use an earlier instant for a session that has since expired).
     */
    Session issue(Instant signedInAt) {
        return new Session(signedInAt, earlier(signedInAt.plus(idleTimeout), signedInAt.plus(maxLifetime)));
    }

    /** {@code session} moved on: it now expires {@code idleTimeout} from now, within the sign-in's maximum lifetime. */
    Session renew(Session session) {
        Instant signedInAt = session.signedInAt();
        return new Session(signedInAt, earlier(clock.instant().plus(idleTimeout), signedInAt.plus(maxLifetime)));
    }

    /** The token the page keeps and sends as {@code Authorization: Bearer}. */
    String token(Session session) {
        byte[] payload = (PREFIX + session.signedInAt().toEpochMilli() + ":" + session.expiresAt().toEpochMilli())
                .getBytes(StandardCharsets.US_ASCII);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** What {@code token} is, now. */
    Check check(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return new Refused();
        }
        int dot = token.indexOf('.');
        if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
            return new Refused();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Refused();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return new Refused();
        }
        Session session = parse(new String(payload, StandardCharsets.US_ASCII));
        if (session == null) {
            return new Refused();
        }
        Instant now = clock.instant();
        boolean over = !now.isBefore(session.expiresAt()) || !now.isBefore(session.signedInAt().plus(maxLifetime));
        return over ? new Expired() : new Live(session);
    }

    /** The payload this class signed; null when it is not one (it was signed here, so that means a bug). */
    private static Session parse(String payload) {
        if (!payload.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = payload.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            return new Session(Instant.ofEpochMilli(Long.parseLong(parts[0])), Instant.ofEpochMilli(Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
