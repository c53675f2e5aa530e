package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The demo configuration in a plain application context (no web server), with a real socket. */
class DemoUpstreamConfigurationIntegrationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(DemoUpstreamConfiguration.class);

    @Test
    void withoutTheDemoProfileThereIsNoMock() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MockModelServerLifecycle.class));
    }

    @Test
    void defaultsArePort9901TwelveChunksFortyMillisOnLoopback() {
        DemoMockProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("aigw.demo.mock", DemoMockProperties.class);

        assertThat(defaults).isEqualTo(new DemoMockProperties("127.0.0.1", 9901, 12, Duration.ofMillis(40)));
    }

    @Test
    void demoProfileStartsTheMockWithTheBoundPropertiesAndStopsItOnClose() throws Exception {
        MockModelServerLifecycle[] holder = new MockModelServerLifecycle[1];
        runner.withPropertyValues("spring.profiles.active=demo", "aigw.demo.mock.port=0",
                        "aigw.demo.mock.chunks=3", "aigw.demo.mock.chunk-delay=0ms")
                .run(context -> {
                    MockModelServerLifecycle lifecycle = context.getBean(MockModelServerLifecycle.class);
                    holder[0] = lifecycle;
                    assertThat(lifecycle.isRunning()).isTrue();
                    assertThat(lifecycle.server().settings()).isEqualTo(
                            new MockModelSettings("127.0.0.1", 0, 3, Duration.ZERO));
                    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + lifecycle.server().port() + "/v1/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.body().split("\n\n")).hasSize(1 + 3 + 2);
                });
        assertThat(holder[0].isRunning()).isFalse();
    }

    @Test
    void invalidPropertyFailsStartNamingIt() {
        runner.withPropertyValues("spring.profiles.active=demo", "aigw.demo.mock.port=0", "aigw.demo.mock.chunks=0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("chunks must be 1..10000, was 0"));
    }
}
