package io.aigw.gateway.route;

import org.springframework.http.HttpHeaders;

/** Where clients put their product key: {@code Authorization: Bearer} (OpenAI SDKs) or {@code x-api-key} (Anthropic SDKs). */
public final class ApiKeys {

    public static final String X_API_KEY = "x-api-key";
    private static final String BEARER = "bearer ";

    private ApiKeys() {
    }

    /** The presented key, or {@code null} when the request carries none. */
    public static String presented(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String apiKey = headers.getFirst(X_API_KEY);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }
}
