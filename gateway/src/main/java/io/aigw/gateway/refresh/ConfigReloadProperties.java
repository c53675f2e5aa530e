package io.aigw.gateway.refresh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reloading the operator's configuration file without a restart, under {@code aigw.config.}; documented with
 * the defaults in {@code config/README.md}.
 *
 * @param watch the configuration files watched, default {@code config/application.yml} (the file a gateway run
 *     from the repository root reads); list the file given to {@code spring.config.location} if it is elsewhere
 * @param reloadInterval how often they are checked (one stat each), default 2s; zero turns reloading off
 */
@ConfigurationProperties("aigw.config")
public record ConfigReloadProperties(
        @DefaultValue("config/application.yml") List<Path> watch,
        @DefaultValue("2s") Duration reloadInterval) {

    public ConfigReloadProperties {
        watch = List.copyOf(watch);
    }
}
