package io.aigw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The console exists only with the admin endpoints, and can be turned off on its own. */
class ConsoleConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ConsoleConfiguration.class);

    @Test
    void withoutAnAdminTokenThereIsNoConsole() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("consoleRoutes"));
        runner.withPropertyValues("AIGW_ADMIN_TOKEN=  ")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("consoleRoutes"));
    }

    @Test
    void anOperatorCanTurnItOffWhileTheAdminEndpointsStayOn() {
        runner.withPropertyValues("AIGW_ADMIN_TOKEN=s3cret", "aigw.console.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("consoleRoutes"));
    }

    @Test
    void withATokenItIsOn() {
        // Its dependencies are not in this bare context: that it asks for them shows the condition matched.
        runner.withPropertyValues("AIGW_ADMIN_TOKEN=s3cret")
                .run(context -> assertThat(context).hasFailed());
    }
}
