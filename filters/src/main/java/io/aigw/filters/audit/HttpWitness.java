package io.aigw.filters.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A witness endpoint ({@code aigw.audit.anchor-url}): POSTs each head as JSON
 * ({@code Content-Type: application/json}, the {@link CheckpointHead} wire form) and expects a 2xx
 * within {@code timeout}. Whatever keeps the heads (a transparency log, a second site) is the
 * operator's; the verifier reads heads only from a directory.
 */
public final class HttpWitness implements WitnessSink {

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpWitness(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(CheckpointHead head) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(head.toJson())).build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
    }

    @Override
    public String describe() {
        // Scheme, host, port and path only: a query string may carry a token.
        return url.getScheme() + "://" + url.getAuthority() + url.getPath();
    }
}
