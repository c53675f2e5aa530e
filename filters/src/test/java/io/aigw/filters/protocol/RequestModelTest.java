package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestModelTest {

    private static Optional<String> of(String body) {
        return RequestModel.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelModelWhereverItIs() {
        assertThat(of("{\"model\":\"deepseek-chat\",\"messages\":[]}")).contains("deepseek-chat");
        assertThat(of("{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"model\":\"nested\"}],\"model\":\"qwen-plus\"}"))
                .contains("qwen-plus");
        assertThat(of("{\"metadata\":{\"model\":\"nested\"},\"model\":\"glm-4.6\"}")).contains("glm-4.6");
    }

    @Test
    void namesNoModelForAnythingElse() {
        assertThat(of("")).isEmpty();
        assertThat(of("[\"model\"]")).isEmpty();
        assertThat(of("{\"model\":42}")).isEmpty();
        assertThat(of("{\"model\":null}")).isEmpty();
        assertThat(of("{\"messages\":[]}")).isEmpty();
        assertThat(of("{\"messages\":[")).isEmpty();
        assertThat(of("{\"messages\":[] \"model\":\"x\"}")).isEmpty();
        assertThat(of("not json")).isEmpty();
    }
}
