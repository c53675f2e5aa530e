package io.aigw.gateway.console;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.SigningKeys;
import io.aigw.gateway.audit.AdminGuard;
import io.aigw.gateway.audit.AuditLayout;
import io.aigw.gateway.audit.AuditProperties;
import io.aigw.gateway.license.LicensePolicies;
import io.aigw.gateway.license.LicenseProperties;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's routes, pages and data, with their security headers. They exist only when the admin
 * endpoints do ({@code AIGW_ADMIN_TOKEN} set) and {@code aigw.console.enabled} is not false.
 *
 * <p>Which server: wherever the admin endpoints answer ({@link AdminGuard}: the management port, or the
 * API port too with {@code aigw.admin.on-api-port}). The sign-in goes through the same admin token check
 * as every {@code /admin} endpoint and hands out a session ({@link ConsoleSessions}); the data takes that
 * session only ({@link ConsoleSessionCheck}); the page shells (no data) need neither.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConsoleConfiguration.AdminEndpointsOn.class)
public class ConsoleConfiguration {

    /** The environment variable (or Spring property) that turns the admin endpoints on. */
    static final String ADMIN_TOKEN = "AIGW_ADMIN_TOKEN";

    /** The console's sessions, signed with a key drawn when the process starts. */
    @Bean
    ConsoleSessions consoleSessions(ConsoleProperties console, Clock clock) {
        return ConsoleSessions.withRandomKey(clock, console.idleTimeout(), console.sessionMaxLifetime());
    }

    @Bean
    RouterFunction<ServerResponse> consoleRoutes(ConsoleSessions sessions, MeterRegistry meters,
                                                 CircuitBreakerRegistry breakers, AuditWriter auditWriter,
                                                 AuditProperties audit, AuditLayout layout, @Qualifier("auditSigningKeys") SigningKeys auditKeys,
                                                 ProductRegistryHolder registry, LicensePolicies policies,
                                                 LicenseProperties license, Clock clock, Environment environment,
                                                 AdminGuard admin) {
        OverviewSnapshot overview = new OverviewSnapshot(meters, breakers, auditWriter, clock);
        ProductsSnapshot products = new ProductsSnapshot(registry, policies, license.models(), clock);
        AuditSnapshot auditSnapshot = new AuditSnapshot(auditWriter, layout, auditKeys.jwks(), auditKeys.active().kid(),
                audit.anchorDir(), audit.anchorUrl());
        String gatewayName = environment.getProperty("spring.application.name", "aigw");
        ConsoleEndpoints endpoints = new ConsoleEndpoints(ConsoleFiles.load(), sessions, overview, products,
                auditSnapshot, layout, auditKeys, audit.zone(), clock, gatewayName, () -> ReportPdf.Who.of(registry.current()));
        ConsoleSecurityHeaders headers = new ConsoleSecurityHeaders();
        return admin.unguarded(endpoints.pages()).filter(headers)
                .and(admin.guarded(endpoints.signIn()).filter(headers))
                .and(admin.unguarded(endpoints.data().filter(new ConsoleSessionCheck(sessions))).filter(headers));
    }

    /** Admin token set (not blank) and the console not turned off. */
    static final class AdminEndpointsOn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            String token = environment.getProperty(ADMIN_TOKEN);
            return token != null && !token.isBlank()
                    && environment.getProperty("aigw.console.enabled", Boolean.class, true);
        }
    }
}
