package io.aigw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.AigwApplication;
import io.aigw.gateway.GatewayProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 4, the quota part: two real gateway processes (child JVMs, demo profile, each with its
 * own ports, audit directory and mock model) share one real {@code redis-server}; a product's
 * requests-per-minute quota holds across both. 60 requests go to the two replicas at once from 8
 * threads; at most the limit (20) plus what the bucket refilled while they ran (20 a minute) are served,
 * each replica refuses some, and none failed open. With the quota kept in each process instead, each
 * replica would have served 20.
 */
class QuotaTwoReplicasGatewayTest {

    private static final int LIMIT = 20;
    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aQuotaHoldsAcrossTwoReplicasSharingRedis() throws Exception {
        Path products = QuotaProducts.file(QuotaProducts.product("fleet-app", "{ requests-per-minute: " + LIMIT + " }"));
        try (RedisServer redis = RedisServer.start()) {
            Replica a = Replica.start(tmp.resolve("a"), products, redis.url());
            Replica b = Replica.start(tmp.resolve("b"), products, redis.url());
            try {
                a.awaitStarted();
                b.awaitStarted();

                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<Future<int[]>> results = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < 60; i++) {
                    int index = i % 2;
                    Replica target = index == 0 ? a : b;
                    results.add(clients.submit(() -> new int[] {index, chat(target)}));
                }
                int[][] byReplica = new int[2][2]; // [replica][0: served, 1: refused]
                for (Future<int[]> result : results) {
                    int[] r = result.get(120, TimeUnit.SECONDS);
                    assertThat(r[1]).as("status").isIn(200, 429);
                    byReplica[r[0]][r[1] == 200 ? 0 : 1]++;
                }
                double elapsedMinutes = (System.nanoTime() - start) / 60e9;
                clients.shutdown();

                int served = byReplica[0][0] + byReplica[1][0];
                // The documented slack: what the bucket refilled while the requests ran, rounded up.
                int slack = (int) Math.ceil(elapsedMinutes * LIMIT);
                assertThat(served).as("served by both replicas, %.1f s", elapsedMinutes * 60).isBetween(LIMIT, LIMIT + slack);
                assertThat(byReplica[0][1]).as("refused by replica a").isPositive();
                assertThat(byReplica[1][1]).as("refused by replica b").isPositive();
                for (Replica replica : List.of(a, b)) {
                    String metrics = replica.prometheus(http);
                    assertThat(decisions(metrics, "failed_open")).as("failed open on " + replica).isZero();
                    assertThat(decisions(metrics, "denied")).as("denied on " + replica).isPositive();
                }
                assertThat(redis.command("EXISTS aigw:quota:{fleet-app}:rpm")).isEqualTo(":1");
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private int chat(Replica replica) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer fleet-app-key")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The sum of {@code aigw_quota_decisions_total} with {@code outcome} in a Prometheus scrape. */
    private static double decisions(String metrics, String outcome) {
        Matcher m = Pattern.compile("aigw_quota_decisions_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** One gateway process. */
    private record Replica(Process process, int port, int managementPort, Path log) {

        static Replica start(Path dir, Path products, String redisUrl) throws IOException {
            Files.createDirectories(dir);
            int port = freePort();
            int management = freePort();
            Path log = dir.resolve("gateway.log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    AigwApplication.class.getName(),
                    "--spring.profiles.active=demo",
                    "--server.port=" + port,
                    "--management.server.port=" + management,
                    "--aigw.demo.mock.port=" + freePort(),
                    "--aigw.demo.mock.chunk-delay=0ms",
                    "--aigw.products.file=" + products,
                    "--aigw.quota.redis.url=" + redisUrl,
                    "--aigw.quota.redis.timeout=2s",
                    "--aigw.audit.dir=" + dir.resolve("audit"),
                    "--aigw.audit.key-dir=" + dir.resolve("audit-keys"),
                    "--aigw.label.signing.key-dir=" + dir.resolve("label-keys"))
                    // The repository root: the gateway reads ./config/ as it does when run from a checkout.
                    .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Replica(process, port, management, log);
        }

        void awaitStarted() throws IOException {
            // Not a chat request: that would take from the quota under test.
            GatewayProcess.awaitStarted(process, log, () -> Files.readString(log).contains("Started AigwApplication"));
        }

        String prometheus(HttpClient http) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Override
        public String toString() {
            return "replica on port " + port;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
