package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The factory's configuration contract and the error each decision becomes. */
class LicenseCheckGatewayFilterFactoryTest {

    final LicenseCheckGatewayFilterFactory factory = new LicenseCheckGatewayFilterFactory(
            new LicensePolicies(LicensePolicy.defaults()), new FileProductLicenses(),
            new LicenseDecisionRecorder(new SimpleMeterRegistry()), Clock.systemUTC());

    static LicenseCheckGatewayFilterFactory.Config config(String mode) {
        var config = new LicenseCheckGatewayFilterFactory.Config();
        config.setMode(mode);
        return config;
    }

    @Test
    void theShortcutIsTheMode() {
        assertThat(factory.shortcutFieldOrder()).containsExactly("mode");
        assertThat(factory.name()).isEqualTo("LicenseCheck");
    }

    @Test
    void anUnknownModeIsRejectedNamingIt() {
        assertThatThrownBy(() -> factory.apply(config("lenient")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lenient'");
    }

    @Test
    void modesAreReadIgnoringCaseAndNoModeMeansTheGlobalOne() {
        assertThat(config("GRACE").licenseMode()).isEqualTo(LicenseMode.GRACE);
        assertThat(config(null).licenseMode()).isNull();
        assertThat(config(" ").licenseMode()).isNull();
        assertThat(factory.apply(config("monitor")).toString()).contains("mode=monitor", "policy=monitor");
        assertThat(factory.apply(config(null)).toString()).contains("mode=global", "policy=strict");
    }

    @Test
    void denialsAre403WithTheReasonAndAnUnreachableRegistryIs503() {
        var denied = new LicenseDecision(false, DenyReason.LICENSE_EXPIRED, null, "acme", "gpt-4o", LicenseMode.STRICT,
                false, null);
        ProtocolException error = LicenseCheckGatewayFilterFactory.denial(denied);
        assertThat(error.kind()).isEqualTo(ErrorKind.LICENSE_DENIED);
        assertThat(error.kind().status()).isEqualTo(403);
        assertThat(error.code()).isEqualTo("license_expired");

        var model = new LicenseDecision(false, DenyReason.MODEL_NOT_LICENSED, null, "acme", "claude-x", LicenseMode.STRICT,
                false, null);
        assertThat(LicenseCheckGatewayFilterFactory.denial(model).getMessage()).contains("claude-x", "model_not_licensed");

        var unavailable = LicensePolicy.defaults().decideRegistryUnavailable("acme", "gpt-4o");
        ProtocolException registry = LicenseCheckGatewayFilterFactory.denial(unavailable);
        assertThat(registry.kind().status()).isEqualTo(503);
        assertThat(registry.code()).isEqualTo("license_registry_unavailable");
    }
}
