package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.json.JsonMappers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class VerifyReceiptCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path jwks;
    private Path content;
    private String text;
    private String receipt;

    @BeforeEach
    void signAnAnswer() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        SigningKeys keys = SigningKeys.generateInMemory();
        Labeler labeler = new Labeler(LabelConfig.DEFAULTS, "Acme", () -> keys, new ProduceIdGenerator(clock), clock);
        AnswerLabeling answer = labeler.start(new AnswerSubject("acme-chat", "P1", "gpt-4o"), null, null);
        text = answer.labelWhole("答案");
        receipt = answer.finish().receipt();
        jwks = Files.writeString(tmp.resolve("jwks.json"), keys.jwks().toJson());
        content = Files.writeString(tmp.resolve("answer.txt"), text);
    }

    @Test
    void aValidReceiptPrintsTheClaimsAndExitsZero() {
        int status = run(null, jwks.toString(), content.toString(), receipt);

        assertThat(status).isEqualTo(VerifyReceiptCli.VALID);
        JsonNode json = JsonMappers.json().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("valid").booleanValue()).isTrue();
        assertThat(json.get("product").stringValue()).isEqualTo("acme-chat");
    }

    @Test
    void readsTheContentFromStdinAndTheReceiptFromAFile() throws Exception {
        Path receiptFile = Files.writeString(tmp.resolve("receipt.jws"), receipt + "\n");

        int status = run(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), jwks.toString(), "-",
                "@" + receiptFile);

        assertThat(status).isEqualTo(VerifyReceiptCli.VALID);
    }

    @Test
    void alteredContentPrintsTheReasonAndExitsOne() throws Exception {
        Files.writeString(content, text + "\n");

        int status = run(null, jwks.toString(), content.toString(), receipt);

        assertThat(status).isEqualTo(VerifyReceiptCli.INVALID);
        JsonNode json = JsonMappers.json().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("valid").booleanValue()).isFalse();
        assertThat(json.get("reason").stringValue()).isEqualTo("content_mismatch");
    }

    @Test
    void checksTheChoiceNamedByItsIndex() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        SigningKeys keys = SigningKeys.generateInMemory();
        Labeler labeler = new Labeler(LabelConfig.DEFAULTS, "Acme", () -> keys, new ProduceIdGenerator(clock), clock);
        AnswerLabeling answer = labeler.start(new AnswerSubject("acme-chat", "P1", "gpt-4o"), null, null);
        answer.labelWhole(0, "first");
        String second = answer.labelWhole(1, "second");
        String twoChoices = answer.finish().receipt();
        Path keysFile = Files.writeString(tmp.resolve("jwks2.json"), keys.jwks().toJson());
        Path secondFile = Files.writeString(tmp.resolve("second.txt"), second);

        assertThat(run(null, keysFile.toString(), secondFile.toString(), twoChoices, "--choice=1")).isEqualTo(VerifyReceiptCli.VALID);
        assertThat(run(null, keysFile.toString(), secondFile.toString(), twoChoices)).isEqualTo(VerifyReceiptCli.INVALID);
        assertThat(run(null, keysFile.toString(), secondFile.toString(), twoChoices, "--choice=2")).isEqualTo(VerifyReceiptCli.INVALID);
        assertThat(run(null, keysFile.toString(), secondFile.toString(), twoChoices, "--choice=x")).isEqualTo(VerifyReceiptCli.USAGE);
    }

    @Test
    void usageErrorsAndUnreadableFilesExitTwoWithAMessage() throws Exception {
        assertThat(run(null, jwks.toString(), content.toString())).isEqualTo(VerifyReceiptCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");

        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"nokeys\":1}");
        assertThat(run(null, broken.toString(), content.toString(), receipt)).isEqualTo(VerifyReceiptCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(broken.toString());

        assertThat(run(null, jwks.toString(), tmp.resolve("missing.txt").toString(), receipt))
                .isEqualTo(VerifyReceiptCli.USAGE);
        assertThat(out.size()).isZero();
    }

    private int run(InputStream stdin, String... args) {
        return VerifyReceiptCli.run(args, stdin == null ? InputStream.nullInputStream() : stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
