package io.aigw.filters.sse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG HTML, "server-sent events").
 *
 * <p>Bytes go in as they arrive, split anywhere (even inside a UTF-8 sequence or a CRLF); complete
 * events come out. Only the unfinished tail is kept between calls, and it is capped at
 * {@code maxEventBytes}: a longer event fails with {@link SseLimitExceededException}. Lines end in
 * LF, CR or CRLF. Not thread-safe: one instance per stream.
 */
public final class SseParser {

    private final int maxEventBytes;
    /** Bytes of the event being read, from its first byte up to the last complete line. */
    private final ByteRun pending = new ByteRun(256);
    /** Bytes of the current, not yet complete line. */
    private final ByteRun line = new ByteRun(256);
    /** The last byte was a CR: the line it ended is handled once the next byte (LF or not) is seen. */
    private boolean afterCr;
    private static final byte[] LF = {'\n'};
    private static final byte[] CR = {'\r'};
    private static final byte[] CRLF = {'\r', '\n'};

    private String eventName;
    private StringBuilder data;
    private String id;

    public SseParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Feeds {@code length} bytes from {@code bytes[offset]}, adding each completed event to {@code out}.
     *
     * @throws SseLimitExceededException when an event grows past the cap
     * @throws SseEncodingException when a line is not valid UTF-8 (the standard would replace the bad
     *     bytes; a gateway must not pass them on or scan altered text)
     */
    public void feed(byte[] bytes, int offset, int length, List<SseEvent> out) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (afterCr) {
                afterCr = false;
                if (bytes[i] == '\n') {
                    i++;
                    endLine(CRLF, out);
                    continue;
                }
                endLine(CR, out);
            }
            int lineStart = i;
            while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
                i++;
            }
            if (i > lineStart) {
                line.append(bytes, lineStart, i - lineStart);
                checkSize();
            }
            if (i == end) {
                return;
            }
            if (bytes[i++] == '\r') {
                afterCr = true;
            } else {
                endLine(LF, out);
            }
        }
    }

    /** Convenience for {@link #feed(byte[], int, int, List)} over a whole array. */
    public void feed(byte[] bytes, List<SseEvent> out) {
        feed(bytes, 0, bytes.length, out);
    }

    /**
     * Ends the stream, adding an event completed by a trailing CR to {@code out}. A final event not
     * followed by a blank line is discarded, as the SSE standard says; its bytes are returned so a
     * caller that wants to pass them through still can.
     *
     * @return the bytes of an unfinished event, empty when the stream ended cleanly
     */
    public byte[] finish(List<SseEvent> out) {
        if (afterCr) {
            afterCr = false;
            endLine(CR, out);
        }
        pending.append(line);
        byte[] rest = pending.toArray();
        pending.reset();
        line.reset();
        resetFields();
        return rest;
    }

    /**
     * A line ended. Its handling waits for the byte after a CR, so that the LF of a CRLF stays
     * in the raw bytes of the event the line belongs to.
     */
    private void endLine(byte[] terminator, List<SseEvent> out) {
        pending.append(line);
        pending.append(terminator, 0, terminator.length);
        if (pending.length() > maxEventBytes) {
            throw new SseLimitExceededException(maxEventBytes);
        }
        onLine(out);
        line.reset();
    }

    private void checkSize() {
        if (pending.length() + line.length() > maxEventBytes) {
            throw new SseLimitExceededException(maxEventBytes);
        }
    }

    /** Interprets the line held in {@link #line}. */
    private void onLine(List<SseEvent> out) {
        if (line.length() == 0) {
            dispatch(out);
            return;
        }
        if (line.first() == ':') {
            return;
        }
        String text = line.utf8();
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventName = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "id" -> id = value;
            default -> { /* retry and unknown fields are kept only in the raw bytes */ }
        }
    }

    private void dispatch(List<SseEvent> out) {
        byte[] raw = pending.toArray();
        pending.reset();
        out.add(new SseEvent(eventName, data == null ? null : data.toString(), id, raw));
        resetFields();
    }

    private void resetFields() {
        eventName = null;
        data = null;
        id = null;
    }
}
