package io.aigw.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The gateway's integration-test set-up, shared by every test that starts the application in process: the
 * real {@code config/application.yml} (routes and defaults), random API and management ports, the test
 * product registry ({@code products-test.yaml}), the test lexicons with category {@code A3-masked} masked,
 * and test signing keys. A test adds its own settings with {@code @TestPropertySource(properties = ...)}:
 * those come later in the same inlined property source and so win over these (Spring Boot puts
 * {@code @SpringBootTest}'s properties first). The audit directory is per context, in
 * {@code src/test/resources/application.properties}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.additional-location=file:../config/",
            "management.server.port=0",
            "aigw.products.file=src/test/resources/products-test.yaml",
            "aigw.content.lexicon-dir=src/test/resources/lexicons",
            "aigw.content.actions.A3-masked=mask",
            "aigw.label.signing.key-dir=target/test-keys",
        })
public @interface GatewayTest {
}
