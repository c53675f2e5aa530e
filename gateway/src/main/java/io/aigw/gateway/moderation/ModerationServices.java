package io.aigw.gateway.moderation;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured moderation services by name, built and checked at start-up. Each has its circuit
 * breaker {@code moderation-<name>} (configured like any other under {@code resilience4j.circuitbreaker})
 * and its key read from the environment variable its {@code api-key-env} names.
 */
@Component
public class ModerationServices {

    private static final Logger log = LoggerFactory.getLogger(ModerationServices.class);

    private final Map<String, ModerationService> services = new LinkedHashMap<>();

    public ModerationServices(ModerationProperties properties, CircuitBreakerRegistry breakers, Environment environment) {
        properties.services().forEach((name, settings) -> {
            String key = null;
            if (settings.apiKeyEnv() != null && !settings.apiKeyEnv().isBlank()) {
                key = environment.getProperty(settings.apiKeyEnv());
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("aigw.moderation.services." + name + ".api-key-env names '"
                            + settings.apiKeyEnv() + "', which is not set");
                }
            }
            ModerationService service = new ModerationService(name, settings, key, breakers.circuitBreaker("moderation-" + name));
            services.put(name, service);
            log.info("Moderation service {}", service);
        });
    }

    /**
     * The service called {@code name}.
     *
     * @throws IllegalArgumentException naming the configured services when there is none of that name
     */
    public ModerationService service(String name) {
        ModerationService service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no moderation service '" + name + "' (aigw.moderation.services: " + names() + ")");
        }
        return service;
    }

    Set<String> names() {
        return services.keySet();
    }
}
