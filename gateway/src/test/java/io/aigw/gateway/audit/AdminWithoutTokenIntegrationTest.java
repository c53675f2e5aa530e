package io.aigw.gateway.audit;

import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Without {@code AIGW_ADMIN_TOKEN} the admin endpoints do not exist: every spelling is an unknown path on
 * both ports, whatever token is presented, even with {@code aigw.admin.on-api-port=true}.
 */
@TestPropertySource(properties = {"AIGW_ADMIN_TOKEN=", "aigw.admin.on-api-port=true"})
class AdminWithoutTokenIntegrationTest extends GatewayIntegrationTest {

    @Test
    void everySpellingIsAnUnknownPathOnBothPorts() {
        for (int p : new int[] {port, managementPort}) {
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p), 400, 404);
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p, "Authorization: Bearer "), 400, 404);
            AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(p, "Authorization: Bearer " + ADMIN_TOKEN), 400, 404);
        }
    }
}
