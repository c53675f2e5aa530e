package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditFleetVerification;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.ComplianceReport;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.protocol.Json;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The audit admin endpoints; {@link #routes} puts them behind {@link AdminServer} and {@link AdminAccess}:
 * <ul>
 *   <li>{@code GET /admin/audit/verify}: signs the tail (a checkpoint), then verifies every chain the
 *       {@link AuditLayout} reads (this replica's against the witness directory's heads when
 *       {@code aigw.audit.anchor-dir} is set): {@code {"valid":…,"lines":…,"firstBadLine":…,"chains":n,
 *       "nodes":[{"node",…}]}} ({@link AuditFleetVerification#toJson()});</li>
 *   <li>{@code GET /admin/audit/keys}: the JWKS of the audit keys;</li>
 *   <li>{@code GET /admin/report?from=&to=&product=&format=json|csv}: the compliance report over
 *       {@code [from, to)} over every chain read, with each node's share in {@code nodes}; {@code from}/{@code to} are ISO instants or dates (a date is its start
 *       in {@code aigw.audit.zone}; a date as {@code to} includes that day). Default period: today.</li>
 * </ul>
 * File reading runs on {@code Schedulers.boundedElastic()}, never on the event loop.
 */
final class AdminAuditEndpoints {

    private final AuditWriter writer;
    private final AuditLayout layout;
    private final Jwks keys;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private Path anchorDir;

    /** Also checks the chain against the witness directory's heads ({@code aigw.audit.anchor-dir}); null: none. */
    AdminAuditEndpoints withAnchorDir(Path anchorDir) {
        this.anchorDir = anchorDir;
        return this;
    }

    AdminAuditEndpoints(AuditWriter writer, AuditLayout layout, Jwks keys, ZoneId zone, java.time.Clock clock) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The admin routes: they match only requests that came in on an admin server ({@code server}), and
     * every match is dispatched through the token check ({@code access}), never around it.
     */
    RouterFunction<ServerResponse> routes(AdminServer server, AdminAccess access) {
        return RouterFunctions.nest(server, RouterFunctions.route()
                .GET("/admin/audit/verify", request -> verify())
                .GET("/admin/audit/keys", request -> json(keys.toJson()))
                .GET("/admin/report", this::report)
                .filter(access)
                .build());
    }

    private Mono<ServerResponse> verify() {
        // The checkpoint signs what is queued now; a failed or closed writer still lets the files be verified.
        return Mono.fromFuture(writer::checkpoint)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.fromCallable(() -> AuditFleetVerification.verify(layout.chains(), keys, false, layout.own(), anchorDir)
                                .toJson())
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(AdminAuditEndpoints::json);
    }

    private Mono<ServerResponse> report(ServerRequest request) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant from;
        Instant to;
        try {
            from = instant(request.queryParam("from"), false).orElse(today.atStartOfDay(zone).toInstant());
            to = instant(request.queryParam("to"), true).orElse(today.plusDays(1).atStartOfDay(zone).toInstant());
            if (to.isBefore(from)) {
                return badRequest("'to' (" + to + ") is before 'from' (" + from + ")");
            }
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        String product = request.queryParam("product").filter(p -> !p.isBlank()).orElse(null);
        String format = request.queryParam("format").orElse("json");
        if (!format.equals("json") && !format.equals("csv")) {
            return badRequest("format must be json or csv, got '" + format + "'");
        }
        Mono<ComplianceReport> report = Mono.fromCallable(() -> ComplianceReport.compute(layout.chains(), from, to, product))
                .subscribeOn(Schedulers.boundedElastic());
        return format.equals("csv")
                ? report.flatMap(r -> ServerResponse.ok().contentType(new MediaType("text", "csv")).bodyValue(r.toCsv()))
                : report.flatMap(r -> json(r.toJson()));
    }

    /** An ISO instant, or a date: its start, or with {@code endOfDay} the start of the next day. */
    private Optional<Instant> instant(Optional<String> value, boolean endOfDay) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        String v = value.get().strip();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return Optional.of((endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant());
            }
            return Optional.of(Instant.parse(v));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an ISO date or instant: '" + v + "'");
        }
    }

    private static Mono<ServerResponse> json(String body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> badRequest(String message) {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode().put("error", message));
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
