package io.aigw.filters.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LicensedModelsTest {

    static final List<String> UPSTREAM = List.of("gpt-4o", "gpt-4o-mini", "gpt-4", "qwen-max", "deepseek-chat",
            "gpt-4o");

    @Test
    void listsCoveredModelsInOrderWithoutDuplicates() {
        assertThat(LicensedModels.covered(LicensePolicyTest.licensed(), UPSTREAM))
                .containsExactly("gpt-4o", "gpt-4o-mini", "qwen-max");
    }

    @Test
    void starCoversEverythingAndNoGlobCoversNothing() {
        Product all = LicensePolicyTest.product(LicenseStatus.LICENSED, null, null, null, "*");
        Product none = LicensePolicyTest.product(LicenseStatus.LICENSED, null, null, null);

        assertThat(LicensedModels.covered(all, UPSTREAM))
                .containsExactly("gpt-4o", "gpt-4o-mini", "gpt-4", "qwen-max", "deepseek-chat");
        assertThat(LicensedModels.covered(none, UPSTREAM)).isEmpty();
    }

    @Test
    void servableAlsoAppliesStatusDatesAndMode() {
        Product licensed = LicensePolicyTest.licensed();
        Product suspended = LicensePolicyTest.product(LicenseStatus.SUSPENDED, null, null, null, "*");

        assertThat(LicensedModels.servable(LicensePolicy.defaults(), licensed, UPSTREAM,
                LicensePolicyTest.noon("2026-06-01"))).containsExactly("gpt-4o", "gpt-4o-mini", "qwen-max");
        assertThat(LicensedModels.servable(LicensePolicy.defaults(), licensed, UPSTREAM,
                LicensePolicyTest.noon("2028-01-01"))).isEmpty();
        assertThat(LicensedModels.servable(LicensePolicy.defaults(), suspended, UPSTREAM,
                LicensePolicyTest.noon("2026-06-01"))).isEmpty();
        assertThat(LicensedModels.servable(LicensePolicyTest.MONITOR, suspended, UPSTREAM,
                LicensePolicyTest.noon("2026-06-01"))).hasSize(5);
    }
}
