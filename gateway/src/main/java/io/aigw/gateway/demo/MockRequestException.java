package io.aigw.gateway.demo;

/**
 * A client error the mock answers in the caller's protocol, like the real provider would.
 * Unchecked; carries the HTTP status and a machine-readable code.
 */
final class MockRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * @param status  the HTTP status to answer with, 4xx
     * @param code    OpenAI-style error code, e.g. {@code invalid_json}
     * @param message a human-readable message naming the bad value
     */
    MockRequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static MockRequestException badRequest(String code, String message) {
        return new MockRequestException(400, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
