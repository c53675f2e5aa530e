package io.aigw.gateway.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.content.LexiconException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentPoliciesTest {

    @TempDir
    Path dir;

    private ContentProperties properties(Map<String, ContentProperties.Profile> profiles) {
        return new ContentProperties(dir, 3, true, "block", Map.of("A3", "mask"), true, true, "refused", Duration.ofHours(1), null, profiles);
    }

    private void write(String file, String content, long mtimeMillis) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setLastModifiedTime(path, FileTime.fromMillis(mtimeMillis));
    }

    @Test
    void profilesStartFromTheGlobalActions() throws IOException {
        write("A1.txt", "alpha\n", 1_000);
        write("A3.txt", "gamma\n", 1_000);
        ContentPolicies policies = new ContentPolicies(properties(Map.of("lenient", new ContentProperties.Profile("flag", Map.of()))));
        try {
            assertThat(policies.policy("default").scan("gamma").maskedText()).isEqualTo("*****");
            assertThat(policies.policy("default").scan("alpha").blocked()).isTrue();
            assertThat(policies.policy("strict").scan("gamma").blocked()).isTrue();
            assertThat(policies.policy("lenient").scan("alpha").blocked()).isFalse();
            assertThat(policies.policy("lenient").scan("gamma").maskedText()).isEqualTo("*****");
            assertThatThrownBy(() -> policies.policy("nope")).hasMessageContaining("nope");
        } finally {
            policies.stop();
        }
    }

    @Test
    void changedLexiconsAreReloadedAndBadOnesRejected() throws IOException {
        write("A1.txt", "alpha\n", 1_000);
        write("A3.txt", "gamma\n", 1_000);
        ContentPolicies policies = new ContentPolicies(properties(Map.of()));
        try {
            assertThat(policies.reloadIfChanged()).isFalse();
            write("A1.txt", "alpha\nbeta\n", 2_000);
            assertThat(policies.reloadIfChanged()).isTrue();
            assertThat(policies.policy("default").scan("beta").blocked()).isTrue();

            Files.write(dir.resolve("A1.txt"), new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
            Files.setLastModifiedTime(dir.resolve("A1.txt"), FileTime.fromMillis(3_000));
            assertThat(policies.reloadIfChanged()).isFalse();
            assertThat(policies.policy("default").scan("beta").blocked()).as("previous lexicon keeps serving").isTrue();
        } finally {
            policies.stop();
        }
    }

    @Test
    void aBadLexiconAtStartUpStopsWithFileAndLine() throws IOException {
        write("A1.txt", "fine\n\u200b\u200b\n", 1_000);
        write("A3.txt", "gamma\n", 1_000);
        assertThatThrownBy(() -> new ContentPolicies(properties(Map.of())))
                .isInstanceOf(LexiconException.class)
                .hasMessageContaining("A1.txt:2");
    }
}
