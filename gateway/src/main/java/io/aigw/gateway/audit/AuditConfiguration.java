package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditDirLock;
import io.aigw.filters.audit.AuditFileOpener;
import io.aigw.filters.audit.AuditWitness;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.DirectoryWitness;
import io.aigw.filters.audit.HttpWitness;
import io.aigw.filters.audit.WitnessSink;
import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.label.SigningKeys;
import io.aigw.gateway.config.NodeId;
import io.aigw.gateway.exchange.ExchangeAudit;
import io.aigw.gateway.logging.AccessLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The audit log and the admin endpoints: the audit keys and the writer are opened at start-up (on
 * the main thread, off any event loop); the writer is closed after the web server stopped
 * ({@link AuditWriterLifecycle}). Invalid settings stop the start-up with a message naming the
 * property and value.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    /** This replica's node id: {@code aigw.node-id}, or derived from the host name. */
    @Bean
    NodeId nodeId(Environment environment) {
        NodeId node = NodeId.resolve(environment.getProperty("aigw.node-id"), System.getenv());
        log.info("Node id {}", node);
        return node;
    }

    @Bean
    AuditLayout auditLayout(AuditProperties properties, NodeId nodeId) {
        AuditLayout layout = AuditLayout.of(properties, nodeId);
        log.info("Audit chain of node {}: {}; chains read: {}", nodeId, layout.dir().toAbsolutePath(),
                layout.root() == null ? "this one only" : "every chain under " + layout.root().toAbsolutePath());
        return layout;
    }

    /**
     * The lock on this replica's audit directory, taken before the writer opens a file: a second process on
     * the same directory stops here ({@link AuditDirLockedFailureAnalyzer} reports it). Released when the
     * context closes, after the writer closed ({@link AuditWriterLifecycle} stops before beans are destroyed).
     */
    @Bean(destroyMethod = "close")
    AuditDirLock auditDirLock(AuditLayout layout) {
        return AuditDirLock.acquire(layout.dir(), "node " + layout.node());
    }

    /** The audit signing keys: the receipt key family (Ed25519), in their own directory, so their own kid. */
    @Bean
    SigningKeys auditSigningKeys(AuditProperties properties, Clock clock) {
        return new SigningKeyDirectory(properties.keyDir(), clock).loadOrCreate();
    }

    /**
     * The witnesses of {@code aigw.audit.anchor-dir} and {@code aigw.audit.anchor-url}; none when
     * neither is set. Closed after the writer (its final checkpoint's head is sent first).
     */
    @Bean(destroyMethod = "close")
    AuditWitness auditWitness(AuditProperties properties) {
        List<WitnessSink> sinks = new ArrayList<>();
        if (properties.anchorDir() != null) {
            sinks.add(new DirectoryWitness(properties.anchorDir()));
        }
        if (properties.anchorUrl() != null) {
            sinks.add(new HttpWitness(properties.anchorUrl(), properties.anchorTimeout()));
        }
        AuditWitness witness = new AuditWitness(sinks);
        sinks.forEach(sink -> log.info("Audit checkpoint heads go to the witness {}", sink.describe()));
        return witness;
    }

    /**
     * Closed by {@link AuditWriterLifecycle}, not as a bean destroy method (idempotent anyway). Tests
     * may provide an {@link AuditFileOpener} bean (a disk that fails); the default opens files as usual.
     */
    @Bean(destroyMethod = "")
    AuditWriter auditWriter(AuditProperties properties, AuditLayout layout, AuditDirLock auditDirLock,
                            SigningKeys auditSigningKeys, Clock clock,
                            ObjectProvider<AuditFileOpener> opener, AuditWitness auditWitness) {
        AuditWriter writer = AuditWriter.start(properties.writerConfig(layout.dir()), Ed25519AuditSigner.of(auditSigningKeys), clock,
                opener.getIfAvailable(() -> AuditFileOpener.DEFAULT), auditWitness);
        if (properties.failOpen()) {
            log.warn("aigw.audit.fail-open=true: requests are served even when their audit line cannot be queued");
        }
        return writer;
    }

    @Bean
    AuditWriterLifecycle auditWriterLifecycle(AuditWriter auditWriter) {
        return new AuditWriterLifecycle(auditWriter);
    }

    @Bean
    ExchangeAudit exchangeAudit(AuditWriter auditWriter, AuditProperties properties, Clock clock, AccessLog accessLog) {
        return new AccessLoggedExchangeAudit(
                new ExchangeAuditor(auditWriter, properties.failOpen(), properties.includeText(), clock), accessLog, clock);
    }

    @Bean
    AuditMetrics auditMetrics(AuditWriter auditWriter) {
        return new AuditMetrics(auditWriter);
    }

    /** The {@code audit} health component. */
    @Bean
    AuditHealthIndicator auditHealthIndicator(AuditWriter auditWriter, AuditWitness auditWitness) {
        return new AuditHealthIndicator(auditWriter, auditWitness);
    }

    @Bean
    AdminServer adminServer(AdminProperties properties) {
        return new AdminServer(properties.onApiPort());
    }

    /**
     * The admin endpoints, only when {@code AIGW_ADMIN_TOKEN} is set (read once, from the environment or
     * any Spring property source); without it no route exists and {@code /admin/**} is an unknown path.
     */
    @Bean
    RouterFunction<ServerResponse> adminAuditEndpoints(Environment environment, AdminServer adminServer,
                                                       AuditWriter auditWriter, AuditProperties properties, AuditLayout layout,
                                                       SigningKeys auditSigningKeys, Clock clock) {
        String token = environment.getProperty(AdminAccess.TOKEN_VARIABLE);
        if (!AdminAccess.isSet(token)) {
            log.info("{} is not set: the /admin endpoints are off", AdminAccess.TOKEN_VARIABLE);
            return request -> Mono.empty();
        }
        log.info("The /admin endpoints answer on the {}", adminServer);
        return new AdminAuditEndpoints(auditWriter, layout, auditSigningKeys.jwks(), properties.zone(), clock)
                .withAnchorDir(properties.anchorDir())
                .routes(adminServer, new AdminAccess(token));
    }
}
