package io.aigw.gateway.refresh;

import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The configuration file watcher, on Spring Cloud's context refresher. */
@Configuration(proxyBeanMethods = false)
public class ConfigReloadConfiguration {

    @Bean
    ConfigFileWatcher configFileWatcher(ContextRefresher refresher, ConfigReloadProperties properties) {
        return new ConfigFileWatcher(refresher, properties.watch(), properties.reloadInterval());
    }
}
