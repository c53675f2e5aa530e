package io.aigw.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the aigw gateway. Run from the repository root so that {@code config/} is found. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AigwApplication {
    public static void main(String[] args) {
        SpringApplication.run(AigwApplication.class, args);
    }
}
