package io.aigw.gateway.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@link AdminGuard} for admin routes defined in other packages (the console). */
@Configuration(proxyBeanMethods = false)
public class AdminGuardConfiguration {

    @Bean
    AdminGuard adminGuard(AdminServer adminServer, Environment environment) {
        return new AdminGuard(adminServer, environment);
    }
}
