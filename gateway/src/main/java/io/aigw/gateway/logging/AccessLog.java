package io.aigw.gateway.logging;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One line per chat request on the logger {@value #LOGGER} (INFO), and a warning on {@value #UPSTREAM_LOGGER}
 * when the upstream failed it, at most one per upstream per {@code aigw.logging.upstream-failure-interval}
 * (with the number held back since). The line is {@code key=value} pairs (logfmt), values quoted when they
 * hold a space, a quote, {@code =} or a control character, so a model name sent by a client cannot forge a
 * field or a line; the same pairs go to the logger as key-value pairs for structured encoders.
 * Turn it off or route it like any Logback logger ({@code logging.level.aigw.access=off}, an appender of
 * its own in a {@code logback-spring.xml}). Lines are handed to {@link LogHandOff}: nothing is written on
 * the calling (event-loop) thread. Thread-safe.
 */
public final class AccessLog {

    /** The access log's logger name. */
    public static final String LOGGER = "aigw.access";
    /** The logger of upstream failures and circuit-breaker state changes. */
    public static final String UPSTREAM_LOGGER = "aigw.upstream";

    private static final int MAX_VALUE_CHARS = 200;

    private final Logger access;
    private final Logger upstream;
    private final LogHandOff handOff;
    private final RateLimitedLog failures;

    AccessLog(LogHandOff handOff, RateLimitedLog failures) {
        this(LoggerFactory.getLogger(LOGGER), LoggerFactory.getLogger(UPSTREAM_LOGGER), handOff, failures);
    }

    AccessLog(Logger access, Logger upstream, LogHandOff handOff, RateLimitedLog failures) {
        this.access = Objects.requireNonNull(access, "access");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.handOff = Objects.requireNonNull(handOff, "handOff");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Whether a request's line or its upstream warning would be written (else callers skip building the entry). */
    public boolean wanted() {
        return access.isInfoEnabled() || upstream.isWarnEnabled();
    }

    /** Logs one request's line, and its upstream failure (rate-limited). Never blocks. */
    public void log(AccessEntry e) {
        if (access.isInfoEnabled()) {
            Object[] fields = {
                "request_id", e.requestId(), "product", e.product(), "route", e.route(), "protocol", e.protocol(),
                "model", e.model(), "status", e.status(), "outcome", e.outcome(), "error", e.error(),
                "latency_ms", e.latencyMs(), "upstream", e.upstream(), "upstream_status", e.upstreamStatus(),
                "upstream_ms", e.upstreamMs(), "prompt_tokens", e.promptTokens(), "completion_tokens", e.completionTokens()};
            handOff.submit(access, Level.INFO, logfmt(fields), fields);
        }
        if (e.upstreamFailed() && upstream.isWarnEnabled()) {
            RateLimitedLog.Permit permit = failures.ask("upstream:" + e.upstream());
            if (permit.write()) {
                Object[] fields = {"upstream", e.upstream(), "upstream_status", e.upstreamStatus(), "error", e.error(),
                        "route", e.route(), "request_id", e.requestId(), "suppressed", permit.suppressed()};
                handOff.submit(upstream, Level.WARN, "upstream failed: " + logfmt(fields), fields);
            }
        }
    }

    /** A circuit breaker changed state (rate-limited per breaker). Never blocks. */
    public void breakerTransition(String breaker, String from, String to) {
        if (!upstream.isWarnEnabled()) {
            return;
        }
        RateLimitedLog.Permit permit = failures.ask("breaker:" + breaker);
        if (permit.write()) {
            Object[] fields = {"breaker", breaker, "from", from, "to", to, "suppressed", permit.suppressed()};
            handOff.submit(upstream, Level.WARN, "circuit breaker state: " + logfmt(fields), fields);
        }
    }

    /** {@code name=value} pairs separated by spaces; null is {@code -}; numbers -1 are {@code -}. */
    static String logfmt(Object[] fields) {
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(fields[i]).append('=');
            Object v = fields[i + 1];
            if (v == null || (v instanceof Number n && n.longValue() == -1)) {
                sb.append('-');
            } else {
                appendValue(sb, v.toString());
            }
        }
        return sb.toString();
    }

    private static void appendValue(StringBuilder sb, String value) {
        String v = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "…" : value;
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f || Character.isISOControl(c)
                    || c == '\u2028' || c == '\u2029';
        }
        if (!quote) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
