package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aigw.gateway.AigwApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A typo in a configured route stops the start with one line naming the route and the key or value, as
 * Spring Boot reports it through the failure analyzers it loads (no stack trace): an unknown filter, a
 * misspelled argument name of the protocol or label filter, and a value either refuses.
 */
class RouteConfigTyposIntegrationTest {

    private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0].";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "filters[0]=ChatProtocl=openai,OPENAI_API_KEY | | unknown filter 'ChatProtocl' (did you mean ChatProtocol?)",
        "filters[0].name=ChatProtocol | filters[0].args.protocl=openai | ChatProtocol has no argument 'protocl'",
        "filters[0]=ChatProtocol=opnai,OPENAI_API_KEY | | ChatProtocol: unknown protocol 'opnai'",
        "filters[1].name=AiLabel | filters[1].args.positon=prefix | AiLabel has no argument 'positon'",
        "filters[1]=AiLabel=top | | AiLabel: ",
    })
    void aTypoStopsTheStartWithOneLineNamingTheRouteAndTheKey(String filter, String arg, String expected) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.config.additional-location=file:../config/",
                "server.port=0",
                "management.server.port=0",
                "aigw.products.file=src/test/resources/products-test.yaml",
                "aigw.content.lexicon-dir=src/test/resources/lexicons",
                "aigw.label.signing.key-dir=target/test-keys",
                "OPENAI_API_KEY=sk-upstream-openai",
                "ANTHROPIC_API_KEY=sk-upstream-anthropic",
                ROUTE + "id=typo-route",
                ROUTE + "uri=http://localhost:9",
                ROUTE + "predicates[0]=Path=/typo",
                ROUTE + filter));
        if (filter.startsWith("filters[1]")) {
            properties.add(ROUTE + "filters[0]=ChatProtocol=openai,OPENAI_API_KEY");
        }
        if (arg != null) {
            properties.add(ROUTE + arg);
        }

        // As command-line arguments: above config/application.yml, whose routes they replace.
        String[] args = properties.stream().map(p -> "--" + p).toArray(String[]::new);
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(AigwApplication.class).run(args).close());

        assertThat(failure).as("the start fails").isNotNull();
        // The analyzers Spring Boot loads; those that need the failed context's bean factory are left out (none reads this failure).
        FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { })).stream()
                .map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull).findFirst().orElse(null);
        assertThat(analysis).as("a failure analyzer reports it: %s", failure).isNotNull();
        assertThat(analysis.getDescription()).startsWith("route 'typo-route': ").contains(expected).doesNotContain("\n");
    }
}
