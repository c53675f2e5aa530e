package io.aigw.gateway.demo;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * In the {@code demo} profile, runs the {@link MockModelServer} in-process on
 * {@code aigw.demo.mock.port} (default 9901) so the gateway works offline: point
 * {@code OPENAI_BASE_URL} at {@code http://127.0.0.1:${aigw.demo.mock.port}/v1} and
 * {@code ANTHROPIC_BASE_URL} at {@code http://127.0.0.1:${aigw.demo.mock.port}}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@EnableConfigurationProperties(DemoMockProperties.class)
public class DemoUpstreamConfiguration {

    /**
     * The mock upstream, started by the context before the web server.
     *
     * @throws IllegalArgumentException naming the bad value, if a property is out of range
     */
    @Bean
    public MockModelServerLifecycle mockModelServer(DemoMockProperties properties) {
        return new MockModelServerLifecycle(new MockModelServer(properties.toSettings()));
    }
}
