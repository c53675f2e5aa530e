package io.aigw.gateway.products;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;

/** Where clients put their product key: {@code Authorization: Bearer} (OpenAI SDKs) or {@code x-api-key} (Anthropic SDKs). */
public final class ApiKeys {

    public static final String X_API_KEY = "x-api-key";
    private static final String BEARER = "bearer ";

    private ApiKeys() {
    }

    /** The name of a key header the request carries more than once, or null when none is repeated. */
    public static String repeatedHeader(HttpHeaders headers) {
        for (String name : new String[] {HttpHeaders.AUTHORIZATION, X_API_KEY}) {
            List<String> values = headers.get(name);
            if (values != null && values.size() > 1) {
                return name;
            }
        }
        return null;
    }

    /**
     * Every distinct key the request presents, Bearer first; empty when none. Two entries mean the
     * client sent different keys in {@code Authorization} and {@code x-api-key}: the caller must not
     * pick one (see {@link ProductAuthentication}).
     */
    public static List<String> allPresented(HttpHeaders headers) {
        List<String> keys = new ArrayList<>(2);
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            if (!key.isEmpty()) {
                keys.add(key);
            }
        }
        String apiKey = headers.getFirst(X_API_KEY);
        if (apiKey != null && !apiKey.isBlank() && !keys.contains(apiKey.trim())) {
            keys.add(apiKey.trim());
        }
        return keys;
    }
}
