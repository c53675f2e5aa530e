package io.aigw.gateway.soak;

import io.aigw.filters.protocol.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Judges one answer of the soak test: is it something an official SDK can read, in the caller's
 * protocol, and does a served answer carry the label? Stateless.
 */
final class SoakAnswers {

    /** The statuses the gateway answers with itself, always with a JSON body in the caller's protocol. */
    private static final java.util.Set<Integer> GATEWAY_STATUSES = java.util.Set.of(400, 401, 403, 408, 413, 502, 503, 504);

    private SoakAnswers() {
    }

    /** What is wrong with {@code response}, or null when it is a valid answer. */
    static String problem(boolean anthropic, boolean stream, HttpResponse<String> response) {
        String body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.headers().firstValue("X-Request-Id").isEmpty()) {
            return "no X-Request-Id";
        }
        try {
            if (response.statusCode() != 200) {
                if (!type.startsWith("application/json") && !GATEWAY_STATUSES.contains(response.statusCode())) {
                    return null; // An upstream's own error answer, passed through as it came (docs/contract.md, "Errors": not rewritten).
                }
                return errorBodyProblem(anthropic, body);
            }
            if (!stream) {
                if (!type.startsWith("application/json")) {
                    return "200 with Content-Type " + type;
                }
                JsonNode answer = Json.parseUpstream(body);
                return answer.has("aigc") ? null : "a served JSON answer without the aigc label: " + body;
            }
            if (!type.startsWith("text/event-stream")) {
                return "streamed 200 with Content-Type " + type;
            }
            return streamProblem(anthropic, body);
        } catch (RuntimeException e) {
            return "unreadable answer " + response.statusCode() + " (" + e.getMessage() + "): " + body;
        }
    }

    private static String errorBodyProblem(boolean anthropic, String body) {
        JsonNode error = Json.parseUpstream(body);
        boolean ok = anthropic
                ? "error".equals(error.path("type").stringValue()) && error.path("error").path("type").isString()
                : error.path("error").path("message").isString();
        return ok ? null : "error answer not in the caller's protocol: " + body;
    }

    /** A stream must end with its end event (and then carry the label) or with an error event. */
    private static String streamProblem(boolean anthropic, String body) {
        List<String[]> events = events(body);
        if (events.isEmpty()) {
            return "an empty 200 stream";
        }
        String[] last = events.get(events.size() - 1);
        // An OpenAI stream that fails ends with its error chunk and then [DONE], as OpenAI's own streams do.
        String[] beforeLast = events.size() > 1 ? events.get(events.size() - 2) : new String[2];
        boolean errorEnd = anthropic
                ? "error".equals(last[0])
                : "[DONE]".equals(last[1]) && beforeLast[1] != null && beforeLast[1].startsWith("{\"error\"");
        boolean properEnd = anthropic ? "message_stop".equals(last[0]) : "[DONE]".equals(last[1]);
        if (errorEnd) {
            return null;
        }
        if (!properEnd) {
            return "a stream that ends neither with its end event nor an error event: ..."
                    + body.substring(Math.max(0, body.length() - 300));
        }
        for (String[] event : events) {
            if (event[1] != null && event[1].startsWith("{")) {
                Json.parseUpstream(event[1]);
            }
        }
        return body.contains("\"aigc\"") ? null : "a complete stream without the aigc label";
    }

    /** (event name, data) pairs of an SSE body. */
    private static List<String[]> events(String body) {
        List<String[]> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
            if (name != null || data != null) {
                events.add(new String[] {name, data});
            }
        }
        return events;
    }
}
