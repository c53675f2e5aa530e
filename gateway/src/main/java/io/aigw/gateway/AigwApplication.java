package io.aigw.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the aigw gateway. */
@SpringBootApplication
public class AigwApplication {
    public static void main(String[] args) {
        SpringApplication.run(AigwApplication.class, args);
    }
}
