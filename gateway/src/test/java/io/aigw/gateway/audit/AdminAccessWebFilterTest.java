package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class AdminAccessWebFilterTest {

    private final AtomicBoolean passed = new AtomicBoolean();
    private final WebFilterChain chain = exchange -> {
        passed.set(true);
        return Mono.empty();
    };

    private MockServerWebExchange run(AdminAccessWebFilter filter, String path, String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, chain).block();
        return exchange;
    }

    @Test
    void withoutATokenTheAdminEndpointsAreOff() {
        for (String token : new String[] {null, "", "   "}) {
            AdminAccessWebFilter filter = new AdminAccessWebFilter(token);
            MockServerWebExchange exchange = run(filter, "/admin/report", "Bearer " + token);
            assertThat(filter.enabled()).isFalse();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(passed).isFalse();
        }
    }

    @Test
    void aMissingOrWrongTokenGets401Json() {
        AdminAccessWebFilter filter = new AdminAccessWebFilter("s3cret");
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer s3cre", "Bearer s3cret2", "s3cret",
                "Basic czNjcmV0", "bearer s3cret"}) {
            MockServerWebExchange exchange = run(filter, "/admin/audit/verify", authorization);
            assertThat(exchange.getResponse().getStatusCode()).as(authorization).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"error\":\"unauthorized\"");
            assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        }
        assertThat(passed).isFalse();
    }

    @Test
    void theRightTokenPasses() {
        MockServerWebExchange exchange = run(new AdminAccessWebFilter("s3cret"), "/admin/audit/verify", "Bearer s3cret");
        assertThat(passed).isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void otherPathsAreNotGuarded() {
        run(new AdminAccessWebFilter(null), "/administrator", null);
        assertThat(passed).isTrue();
        passed.set(false);
        run(new AdminAccessWebFilter("s3cret"), "/v1/models", null);
        assertThat(passed).isTrue();
    }

    @Test
    void theAdminRootItselfIsGuarded() {
        MockServerWebExchange exchange = run(new AdminAccessWebFilter("s3cret"), "/admin", null);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
