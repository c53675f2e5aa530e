import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import java.util.Set;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of aigw's stack for bench/compare.sh (target "reactor-netty"): a plain reverse proxy written
 * directly on Reactor Netty, the HTTP server and client under Spring Cloud Gateway, with no Spring, no
 * routing table and no policy. It forwards method, path, headers (hop-by-hop ones dropped) and body, and
 * streams the upstream's answer back chunk by chunk. Whatever aigw costs above this is Spring, Spring Cloud
 * Gateway and the policy; what this costs is the price of the server and client aigw is required to use.
 *
 * <p>Run from source on the gateway's libraries: {@code java -cp 'lib/*' ReactorNettyProxy.java PORT UPSTREAM_BASE}.
 */
public final class ReactorNettyProxy {

    /** RFC 9110 section 7.6.1 connection-specific fields, plus Host (set by the client for the upstream). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host");

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        HttpClient upstream = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(1000).build())
                .baseUrl(args[1]);
        DisposableServer server = HttpServer.create().port(port)
                .handle((request, response) -> upstream
                        .headers(out -> copy(request.requestHeaders(), out))
                        .request(request.method())
                        .uri(request.uri())
                        .send(request.receive().retain())
                        .response((answer, body) -> {
                            response.status(answer.status());
                            copy(answer.responseHeaders(), response.responseHeaders());
                            return response.send(body.retain());
                        })
                        .then())
                .bindNow();
        System.out.println("reactor-netty proxy on port " + server.port() + " -> " + args[1]);
        server.onDispose().block();
    }

    private static void copy(HttpHeaders from, HttpHeaders to) {
        for (Map.Entry<String, String> header : from) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }
}
