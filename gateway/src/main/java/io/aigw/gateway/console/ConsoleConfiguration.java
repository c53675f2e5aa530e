package io.aigw.gateway.console;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.SigningKeys;
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
 * The console's beans: its routes (pages and data) and its security headers. They exist only when
 * the admin endpoints do ({@code AIGW_ADMIN_TOKEN} set) and {@code aigw.console.enabled} is not false.
 *
 * <p>Which server: this is the one place that decides it. The console is registered in the context
 * that serves the other {@code /admin} endpoints (AuditConfiguration's router and admin filter), so
 * it is on the same port as they are and behind the same token check; should they move to another
 * server (the management port), this configuration moves with them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConsoleConfiguration.AdminEndpointsOn.class)
public class ConsoleConfiguration {

    /** The environment variable (or Spring property) that turns the admin endpoints on. */
    static final String ADMIN_TOKEN = "AIGW_ADMIN_TOKEN";

    @Bean
    ConsoleSecurityHeaders consoleSecurityHeaders() {
        return new ConsoleSecurityHeaders();
    }

    @Bean
    RouterFunction<ServerResponse> consoleRoutes(ConsoleProperties console, MeterRegistry meters,
                                                 CircuitBreakerRegistry breakers, AuditWriter auditWriter,
                                                 AuditProperties audit, @Qualifier("auditSigningKeys") SigningKeys auditKeys,
                                                 ProductRegistryHolder registry, LicensePolicies policies,
                                                 LicenseProperties license, Clock clock, Environment environment) {
        OverviewSnapshot overview = new OverviewSnapshot(meters, breakers, auditWriter, clock);
        ProductsSnapshot products = new ProductsSnapshot(registry, policies, license.models(), clock);
        AuditSnapshot auditSnapshot = new AuditSnapshot(auditWriter, audit.dir(), auditKeys.jwks(), auditKeys.active().kid());
        String gatewayName = environment.getProperty("spring.application.name", "aigw");
        return new ConsoleEndpoints(ConsoleFiles.load(), console.idleTimeout(), overview, products, auditSnapshot,
                audit.dir(), auditKeys, audit.zone(), clock, gatewayName).routes();
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
