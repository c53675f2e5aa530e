package io.aigw.filters.protocol;

/**
 * The errors the gateway itself answers with, and how each looks in every protocol (docs/contract.md, "Errors").
 * The OpenAI {@code code} of {@link #LICENSE_DENIED} is the license reason code, given per error.
 * {@link #LICENSE_REGISTRY_UNAVAILABLE} (an addition to the original error table: docs/contract.md,
 * "Differences from the original contract") is the fail-closed answer when a
 * remote license registry cannot be reached: 503, since the client did nothing wrong.
 * {@link #REQUEST_TIMEOUT} (also an addition) answers a client that did not send its request body within
 * {@code aigw.limits.request-body-timeout}: 408, which the official SDKs retry.
 * {@link #NOT_FOUND} (an addition) answers a path or method the gateway does not serve,
 * {@link #MODEL_NOT_FOUND} (an addition, OpenAI's own code) a model no route serves.
 * {@link #CLIENT_STALLED} (an addition) ends a stream whose client stopped reading it for the idle
 * timeout; the client rarely sees it, the audit line records whose fault the cut was.
 * {@link #REQUEST_LIMIT} refuses a request over a count cap of {@code aigw.limits} (messages, content parts),
 * its OpenAI {@code code} naming the cap; {@link #UNSUPPORTED_MEDIA_TYPE} a chat request whose
 * {@code Content-Type} is not JSON (both additions).
 * {@link #RATE_LIMITED} (an addition) refuses a request over its product's quota, with {@code Retry-After}.
 * {@link #UNLABELED_STRUCTURED_ANSWER} (an addition too) refuses a structured (JSON) answer for a
 * product without an explicit-label opt-out when the operator chose {@code aigw.label.structured-answers=refuse}.
 */
public enum ErrorKind {
    INVALID_API_KEY(401, "invalid_request_error", "invalid_api_key", "authentication_error"),
    LICENSE_DENIED(403, "permission_error", "permission_denied", "permission_error"),
    LICENSE_REGISTRY_UNAVAILABLE(503, "api_error", "license_registry_unavailable", "api_error"),
    /** An addition: a route's moderation service gave no verdict and the route fails closed. */
    MODERATION_UNAVAILABLE(503, "api_error", "moderation_unavailable", "api_error"),
    CONTENT_POLICY(400, "invalid_request_error", "content_policy_violation", "invalid_request_error"),
    UNLABELED_STRUCTURED_ANSWER(400, "invalid_request_error", "structured_output_not_allowed", "invalid_request_error"),
    INVALID_JSON(400, "invalid_request_error", "invalid_json", "invalid_request_error"),
    INVALID_ENCODING(400, "invalid_request_error", "invalid_encoding", "invalid_request_error"),
    MISSING_FIELD(400, "invalid_request_error", "missing_required_field", "invalid_request_error"),
    INVALID_FIELD(400, "invalid_request_error", "invalid_type", "invalid_request_error"),
    REQUEST_LIMIT(400, "invalid_request_error", "request_limit_exceeded", "invalid_request_error"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type", "invalid_request_error"),
    REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large", "request_too_large"),
    NOT_FOUND(404, "invalid_request_error", "unknown_url", "not_found_error"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", "not_found_error"),
    CLIENT_STALLED(408, "invalid_request_error", "client_stalled", "invalid_request_error"),
    REQUEST_TIMEOUT(408, "invalid_request_error", "request_timeout", "invalid_request_error"),
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", "rate_limit_error"),
    UPSTREAM_UNAVAILABLE(502, "api_error", "upstream_unavailable", "api_error"),
    UPSTREAM_OVERLOADED(503, "api_error", "upstream_unavailable", "overloaded_error"),
    UPSTREAM_TIMEOUT(504, "api_error", "upstream_timeout", "api_error"),
    UPSTREAM_PROTOCOL(502, "api_error", "upstream_protocol_error", "api_error"),
    INTERNAL(500, "api_error", "internal_error", "api_error");

    private final int status;
    private final String openAiType;
    private final String openAiCode;
    private final String anthropicType;

    ErrorKind(int status, String openAiType, String openAiCode, String anthropicType) {
        this.status = status;
        this.openAiType = openAiType;
        this.openAiCode = openAiCode;
        this.anthropicType = anthropicType;
    }

    public int status() {
        return status;
    }

    public String openAiType() {
        return openAiType;
    }

    public String openAiCode() {
        return openAiCode;
    }

    public String anthropicType() {
        return anthropicType;
    }
}
