package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditLineReader.Line;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLineReaderTest {

    @TempDir
    Path dir;

    @Test
    void keepsExactBytesLineNumbersAndTheUnterminatedLastLineAcrossFiles() throws IOException {
        String longLine = "x".repeat(200_000); // spans several read chunks
        Path a = Files.writeString(dir.resolve("a"), "one\n\n" + longLine + "\n", StandardCharsets.UTF_8);
        Path b = Files.writeString(dir.resolve("b"), "二\ntorn", StandardCharsets.UTF_8);

        List<Line> lines = readAll(List.of(a, b), AuditLineReader.MAX_LINE_BYTES);

        assertThat(lines).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8))
                .containsExactly("one", "", longLine, "二", "torn");
        assertThat(lines).extracting(Line::number).containsExactly(1L, 2L, 3L, 1L, 2L);
        assertThat(lines).extracting(Line::terminated).containsExactly(true, true, true, true, false);
    }

    @Test
    void cutsLinesOverTheLimitAndSaysSo() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "0123456789\nok\n", StandardCharsets.UTF_8);

        List<Line> lines = readAll(List.of(a), 4);

        assertThat(lines.get(0).tooLong()).isTrue();
        assertThat(lines.get(0).bytes()).hasSize(4);
        assertThat(lines.get(1).tooLong()).isFalse();
        assertThat(new String(lines.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    private static List<Line> readAll(List<Path> files, int max) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (AuditLineReader reader = new AuditLineReader(files, max)) {
            Line line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
