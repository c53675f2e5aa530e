package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code aigw.admin.on-api-port=true}: admin answers on both ports, with the token only, whatever the spelling. */
@TestPropertySource(properties = "aigw.admin.on-api-port=true")
class AdminOnApiPortIntegrationTest extends GatewayIntegrationTest {

    @Test
    void bothPortsServeAdminWithTheToken() {
        for (int p : new int[] {port, managementPort}) {
            RawHttp.Response keys = RawHttp.get(p, "/admin/audit/keys", "Authorization: Bearer " + ADMIN_TOKEN);
            assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
            assertThat(keys.body()).contains("\"kty\"");
        }
    }

    @Test
    void noSpellingGetsAnAdminAnswerWithoutTheToken() {
        for (int p : new int[] {port, managementPort}) {
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p), 400, 401, 404);
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p, "Authorization: Bearer " + ADMIN_TOKEN + "x"), 400, 401, 404);
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p, "Authorization: bearer " + ADMIN_TOKEN), 400, 401, 404);
        }
    }
}
