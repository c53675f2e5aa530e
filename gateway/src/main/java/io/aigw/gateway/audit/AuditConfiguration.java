package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.label.SigningKeys;
import io.aigw.gateway.exchange.ExchangeAudit;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** The audit signing keys: the receipt key family (Ed25519), in their own directory, so their own kid. */
    @Bean
    SigningKeys auditSigningKeys(AuditProperties properties, Clock clock) {
        return new SigningKeyDirectory(properties.keyDir(), clock).loadOrCreate();
    }

    /** Closed by {@link AuditWriterLifecycle}, not as a bean destroy method (idempotent anyway). */
    @Bean(destroyMethod = "")
    AuditWriter auditWriter(AuditProperties properties, SigningKeys auditSigningKeys, Clock clock) {
        AuditWriter writer = AuditWriter.start(properties.writerConfig(), Ed25519AuditSigner.of(auditSigningKeys), clock);
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
    ExchangeAudit exchangeAudit(AuditWriter auditWriter, AuditProperties properties, Clock clock) {
        return new ExchangeAuditor(auditWriter, properties.failOpen(), properties.includeText(), clock);
    }

    @Bean
    AuditMetrics auditMetrics(AuditWriter auditWriter) {
        return new AuditMetrics(auditWriter);
    }

    /** The {@code audit} health component. */
    @Bean
    AuditHealthIndicator auditHealthIndicator(AuditWriter auditWriter) {
        return new AuditHealthIndicator(auditWriter);
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
                                                       AuditWriter auditWriter, AuditProperties properties,
                                                       SigningKeys auditSigningKeys, Clock clock) {
        String token = environment.getProperty(AdminAccess.TOKEN_VARIABLE);
        if (!AdminAccess.isSet(token)) {
            log.info("{} is not set: the /admin endpoints are off", AdminAccess.TOKEN_VARIABLE);
            return request -> Mono.empty();
        }
        log.info("The /admin endpoints answer on the {}", adminServer);
        return new AdminAuditEndpoints(auditWriter, properties.dir(), auditSigningKeys.jwks(), properties.zone(), clock)
                .routes(adminServer, new AdminAccess(token));
    }
}
