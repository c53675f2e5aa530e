package io.aigw.gateway.console;

import io.aigw.filters.audit.ComplianceReport;
import io.aigw.gateway.audit.AuditLayout;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's pages ({@link #pages()}) and its admin JSON endpoints ({@link #data()}, which the
 * configuration puts behind the admin token check):
 * <ul>
 *   <li>{@code GET /admin/console/session}: {@code {"idleTimeoutSeconds","auditZone","today"}}; the login
 *       page calls it to check a token;</li>
 *   <li>{@code GET /admin/console/overview}, {@code /products}, {@code /audit}: see {@link OverviewSnapshot},
 *       {@link ProductsSnapshot}, {@link AuditSnapshot};</li>
 *   <li>{@code GET /admin/console/export?from=&to=&product=&format=pdf|json}: the compliance report for
 *       whole days, signed by the audit key ({@link SignedReport}); {@code json} gives the signed bytes
 *       with the signature in {@code Aigw-Signature} (base64) and {@code Aigw-Signature-Kid}.</li>
 * </ul>
 * File reading, verification and PDF rendering run on {@code Schedulers.boundedElastic()}.
 */
final class ConsoleEndpoints {

    private final ConsoleFiles files;
    private final Duration idleTimeout;
    private final OverviewSnapshot overview;
    private final ProductsSnapshot products;
    private final AuditSnapshot audit;
    private final AuditLayout layout;
    private final SigningKeys auditKeys;
    private final java.time.ZoneId zone;
    private final Clock clock;
    private final String gatewayName;

    ConsoleEndpoints(ConsoleFiles files, Duration idleTimeout, OverviewSnapshot overview, ProductsSnapshot products,
                     AuditSnapshot audit, AuditLayout layout, SigningKeys auditKeys, java.time.ZoneId zone, Clock clock,
                     String gatewayName) {
        this.files = Objects.requireNonNull(files, "files");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.overview = Objects.requireNonNull(overview, "overview");
        this.products = Objects.requireNonNull(products, "products");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.auditKeys = Objects.requireNonNull(auditKeys, "auditKeys");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gatewayName = Objects.requireNonNull(gatewayName, "gatewayName");
    }

    /** The page shells, scripts, stylesheet and chart library: no data, so no token needed to load them. */
    RouterFunction<ServerResponse> pages() {
        return RouterFunctions.route()
                .GET(ConsolePaths.PAGES, request -> redirectToPages())
                .GET(ConsolePaths.PAGES + "/", request -> file("overview.html"))
                .GET(ConsolePaths.PAGES + "/{*name}", request -> file(request.pathVariable("name").substring(1)))
                .build();
    }

    /** The data endpoints; the caller puts them behind the admin token check. */
    RouterFunction<ServerResponse> data() {
        String data = ConsolePaths.DATA;
        return RouterFunctions.route()
                .GET(data + "/session", request -> session())
                .GET(data + "/overview", request -> json(overview.toJson()))
                .GET(data + "/products", request -> json(products.toJson()))
                .GET(data + "/audit", request -> Mono.fromFuture(audit::checkpoint)
                        .then(Mono.fromCallable(audit::toJson).subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(ConsoleEndpoints::json))
                .GET(data + "/export", this::export)
                .build();
    }

    /** What the pages need to know besides their data: the idle timeout, and today in the audit zone. */
    private Mono<ServerResponse> session() {
        return json(Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("idleTimeoutSeconds", idleTimeout.toSeconds())
                .put("auditZone", zone.getId())
                .put("today", java.time.LocalDate.now(clock.withZone(zone)).toString())));
    }

    private static Mono<ServerResponse> redirectToPages() {
        return ServerResponse.permanentRedirect(java.net.URI.create(ConsolePaths.PAGES + "/")).build();
    }

    private Mono<ServerResponse> file(String name) {
        return files.find(name)
                .map(f -> ServerResponse.ok().contentType(f.type()).bodyValue(f.bytes()))
                .orElseGet(() -> ServerResponse.notFound().build());
    }

    private Mono<ServerResponse> export(ServerRequest request) {
        ReportPeriod period;
        try {
            period = ReportPeriod.parse(request.queryParam("from"), request.queryParam("to"), zone, clock);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        String product = request.queryParam("product").filter(p -> !p.isBlank()).orElse(null);
        String format = request.queryParam("format").orElse("pdf");
        if (!format.equals("pdf") && !format.equals("json")) {
            return badRequest("format must be pdf or json, got '" + format + "'");
        }
        String baseName = fileName("aigw-report-" + period.from() + "_" + period.to() + (product == null ? "" : "-" + product));
        Mono<SignedReport> signed = Mono.fromCallable(() -> SignedReport.sign(
                        ComplianceReport.compute(layout.chains(), period.start(), period.end(), product).toJson(), auditKeys,
                        clock.instant(), baseName + ".json"))
                .subscribeOn(Schedulers.boundedElastic());
        if (format.equals("json")) {
            return signed.flatMap(r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION, attachment(baseName + ".json"))
                    .header("Aigw-Signature", r.signatureBase64())
                    .header("Aigw-Signature-Kid", r.kid())
                    .bodyValue(r.json()));
        }
        return signed.publishOn(Schedulers.boundedElastic())
                .map(r -> ReportPdf.render(r, period, gatewayName))
                .flatMap(pdf -> ServerResponse.ok().contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(baseName + ".pdf"))
                        .bodyValue(pdf));
    }

    /** The product comes from the query: only letters, digits, dot, dash and underscore reach a file name. */
    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String attachment(String name) {
        return "attachment; filename=\"" + name + "\"";
    }

    private static Mono<ServerResponse> json(String body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> badRequest(String message) {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode().put("error", message));
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
