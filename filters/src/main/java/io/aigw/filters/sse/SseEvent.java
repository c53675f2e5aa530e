package io.aigw.filters.sse;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as it arrived: its fields and its exact bytes.
 *
 * <p>{@code raw} holds the event's bytes up to and including the blank line that ended it, so an
 * unchanged event can be written back byte for byte. A comment-only block (for example
 * {@code ": ping"}) has {@code data == null}.
 *
 * @param event the {@code event:} field, or {@code null} when absent
 * @param data the {@code data:} lines joined with {@code \n}, or {@code null} when there was none
 * @param id the {@code id:} field, or {@code null}
 * @param raw the exact bytes of the event; never {@code null}
 */
public record SseEvent(String event, String data, String id, byte[] raw) {

    /** Builds an event and its canonical wire form ({@code event:} line, {@code data:} lines, blank line). */
    public static SseEvent of(String event, String data) {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        int start = 0;
        while (true) {
            int nl = data.indexOf('\n', start);
            sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        sb.append('\n');
        return new SseEvent(event, data, null, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this block carried at least one {@code data:} line. */
    public boolean hasData() {
        return data != null;
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data + "]";
    }
}
