package io.aigw.gateway.console;

import io.aigw.filters.audit.ComplianceReport;
import io.aigw.gateway.audit.AuditLayout;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.Json;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's pages ({@link #pages()}), its sign-in ({@link #signIn()}, which the configuration puts
 * behind the admin token check) and its JSON endpoints ({@link #data()}, behind the session check,
 * {@link ConsoleSessionCheck}):
 * <ul>
 *   <li>{@code POST /admin/console/session} with the admin token: a new session,
 *       {@code {"token","expiresAt","idleTimeoutSeconds","maxLifetimeSeconds"}};</li>
 *   <li>{@code POST /admin/console/session/renew} with a session token: the same session with its expiry
 *       moved to {@code idleTimeout} from now (within the maximum lifetime), same shape;</li>
 *   <li>{@code GET /admin/console/session}: {@code {"expiresAt","idleTimeoutSeconds","auditZone","today"}};</li>
 *   <li>{@code GET /admin/console/overview}, {@code /products}, {@code /audit}: see {@link OverviewSnapshot},
 *       {@link ProductsSnapshot}, {@link AuditSnapshot};</li>
 *   <li>{@code GET /admin/console/report?from=&to=&product=}: the compliance report for whole days (the JSON of
 *       {@code GET /admin/report}, with each node's share in {@code nodes});</li>
 *   <li>{@code GET /admin/console/export?from=&to=&product=&format=pdf|json}: the compliance report for
 *       whole days, signed by the audit key ({@link SignedReport}); {@code json} gives the signed bytes
 *       with the signature in {@code Aigw-Signature} (base64) and {@code Aigw-Signature-Kid}.</li>
 * </ul>
 * File reading, verification and PDF rendering run on {@code Schedulers.boundedElastic()}.
 */
final class ConsoleEndpoints {

    private final ConsoleFiles files;
    private final ConsoleSessions sessions;
    private final OverviewSnapshot overview;
    private final ProductsSnapshot products;
    private final AuditSnapshot audit;
    private final AuditLayout layout;
    private final SigningKeys auditKeys;
    private final java.time.ZoneId zone;
    private final Clock clock;
    private final String gatewayName;
    private final Supplier<Map<String, ReportPdf.Who>> productNames;

    /** @param productNames the registry's products now, by id, for the PDF (which prints their names and companies) */
    ConsoleEndpoints(ConsoleFiles files, ConsoleSessions sessions, OverviewSnapshot overview, ProductsSnapshot products,
                     AuditSnapshot audit, AuditLayout layout, SigningKeys auditKeys, java.time.ZoneId zone, Clock clock,
                     String gatewayName, Supplier<Map<String, ReportPdf.Who>> productNames) {
        this.files = Objects.requireNonNull(files, "files");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.overview = Objects.requireNonNull(overview, "overview");
        this.products = Objects.requireNonNull(products, "products");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.auditKeys = Objects.requireNonNull(auditKeys, "auditKeys");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gatewayName = Objects.requireNonNull(gatewayName, "gatewayName");
        this.productNames = Objects.requireNonNull(productNames, "productNames");
    }

    /** The page shells, scripts, stylesheet and chart library: no data, so no token needed to load them. */
    RouterFunction<ServerResponse> pages() {
        return RouterFunctions.route()
                .GET(ConsolePaths.PAGES, request -> redirectToPages())
                .GET(ConsolePaths.PAGES + "/", request -> file("overview.html"))
                .GET(ConsolePaths.PAGES + "/{*name}", request -> file(request.pathVariable("name").substring(1)))
                .build();
    }

    /** The sign-in, which takes the admin token: the caller puts it behind the admin token check. */
    RouterFunction<ServerResponse> signIn() {
        return RouterFunctions.route()
                .POST(ConsolePaths.DATA + "/session", request -> sessionToken(sessions.signIn()))
                .build();
    }

    /** The data endpoints; the caller puts them behind the session check ({@link ConsoleSessionCheck}). */
    RouterFunction<ServerResponse> data() {
        String data = ConsolePaths.DATA;
        return RouterFunctions.route()
                .POST(data + "/session/renew", request -> sessionToken(sessions.renew(liveSession(request))))
                .GET(data + "/session", this::session)
                .GET(data + "/overview", request -> json(overview.toJson()))
                .GET(data + "/products", request -> json(products.toJson()))
                .GET(data + "/audit", request -> Mono.fromFuture(audit::checkpoint)
                        .then(Mono.fromCallable(audit::toJson).subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(ConsoleEndpoints::json))
                .GET(data + "/report", this::report)
                .GET(data + "/export", this::export)
                .build();
    }

    private static ConsoleSessions.Session liveSession(ServerRequest request) {
        return ConsoleSessionCheck.session(request)
                .orElseThrow(() -> new IllegalStateException("a console data route without the session check"));
    }

    private Mono<ServerResponse> sessionToken(ConsoleSessions.Session session) {
        return json(Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("token", sessions.token(session))
                .put("expiresAt", session.expiresAt().toString())
                .put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds())
                .put("maxLifetimeSeconds", sessions.maxLifetime().toSeconds())));
    }

    /** What the pages need to know besides their data: the session's expiry, and today in the audit zone. */
    private Mono<ServerResponse> session(ServerRequest request) {
        return json(Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("expiresAt", liveSession(request).expiresAt().toString())
                .put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds())
                .put("auditZone", zone.getId())
                .put("today", java.time.LocalDate.now(clock.withZone(zone)).toString())));
    }

    /** The report page's data: the compliance report for whole days, as {@code GET /admin/report} gives it. */
    private Mono<ServerResponse> report(ServerRequest request) {
        ReportPeriod period;
        try {
            period = period(request);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        String product = product(request);
        return Mono.fromCallable(() -> ComplianceReport.compute(layout.chains(), period.start(), period.end(), product).toJson())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ConsoleEndpoints::json);
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
            period = period(request);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        String product = product(request);
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
                .map(r -> ReportPdf.render(r, period, gatewayName, productNames.get()))
                .flatMap(pdf -> ServerResponse.ok().contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(baseName + ".pdf"))
                        .bodyValue(pdf));
    }

    /** @throws IllegalArgumentException naming the bad {@code from} or {@code to} */
    private ReportPeriod period(ServerRequest request) {
        return ReportPeriod.parse(request.queryParam("from"), request.queryParam("to"), zone, clock);
    }

    /** The {@code product} query parameter; null (every product) when absent or blank. */
    private static String product(ServerRequest request) {
        return request.queryParam("product").filter(p -> !p.isBlank()).orElse(null);
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
