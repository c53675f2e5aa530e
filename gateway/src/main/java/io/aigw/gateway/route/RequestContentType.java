package io.aigw.gateway.route;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which request bodies a chat endpoint reads: exactly one {@code Content-Type}, {@code application/json}
 * or {@code application/*+json}, with no charset or {@code charset=utf-8} (RFC 8259: JSON between
 * systems is UTF-8; the body is read as UTF-8 whatever a header says, so another charset would be a lie
 * the upstream might believe). A missing {@code Content-Type} is refused too: the official SDKs always
 * send {@code application/json}, and a body of unknown type is not read as JSON on a guess. Anything
 * else is 415 before the body is read. Stateless.
 */
final class RequestContentType {

    private RequestContentType() {
    }

    /** The 415 to answer with, or empty when the request's body is declared as JSON. */
    static Optional<ProtocolException> refusal(HttpHeaders headers) {
        List<String> values = headers.getOrEmpty(HttpHeaders.CONTENT_TYPE);
        if (values.isEmpty()) {
            return refuse("a request body needs Content-Type: application/json");
        }
        if (values.size() > 1) {
            return refuse("send one Content-Type, application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(values.get(0));
        } catch (InvalidMediaTypeException e) {
            return refuse("Content-Type is not a media type; send application/json");
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        boolean json = "application".equalsIgnoreCase(type.getType()) && (subtype.equals("json") || subtype.endsWith("+json"));
        if (!json) {
            return refuse("Content-Type " + type.getType() + "/" + type.getSubtype() + " is not JSON; send application/json");
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            return refuse("request bodies are read as UTF-8; charset " + charset + " is not accepted");
        }
        return Optional.empty();
    }

    private static Optional<ProtocolException> refuse(String message) {
        return Optional.of(new ProtocolException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, message));
    }
}
