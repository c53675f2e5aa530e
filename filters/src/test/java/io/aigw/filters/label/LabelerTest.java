package io.aigw.filters.label;

import io.aigw.filters.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.json.JsonMappers;
import io.aigw.filters.label.ReceiptVerification.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LabelerTest {

    private static final AnswerSubject SUBJECT = new AnswerSubject("acme-chat", "001191110102MAD55U9H0F10002", "qwen-max");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>(SigningKeys.generateInMemory());
    private final Labeler labeler = new Labeler(LabelConfig.DEFAULTS, "Acme Ltd", keys::get,
            new ProduceIdGenerator(clock), clock);

    @Test
    void aStreamGetsPrefixFirstAndAReceiptOverExactlyWhatWasSent() {
        AnswerLabeling answer = labeler.start(SUBJECT, null, null);
        StringBuilder client = new StringBuilder();

        client.append(answer.takePrefix());
        for (String delta : new String[] {"你", "好", "\uD83D", "\uDE00", "！"}) {
            answer.delivered(delta);
            client.append(delta);
        }
        client.append(answer.takeSuffix());
        clock.advance(Duration.ofSeconds(3));
        LabeledAnswer done = answer.finish();

        assertThat(client.toString()).isEqualTo("本内容由人工智能生成\n\n你好😀！");
        assertThat(done.claims().contentSha256()).isEqualTo(Receipts.contentSha256(client.toString()));
        assertThat(done.claims().iat()).isEqualTo(T0.getEpochSecond() + 3);
        assertThat(done.claims().explicitLabel()).isEqualTo("prefix");
        assertThat(done.fullyLabeled()).isTrue();
        ReceiptVerification check = ReceiptVerifier.verify(client.toString(), done.receipt(), keys.get().jwks());
        assertThat(check.reason()).isEqualTo(Reason.OK);
        assertThat(check.claims().produceId()).isEqualTo(answer.produceId());
    }

    @Test
    void theAigcMetadataCarriesTheReceiptDigestAndTheProvisionalOneDoesNot() {
        AnswerLabeling answer = labeler.start(SUBJECT, null, null);
        JsonNode provisional = JsonMappers.json().readTree(answer.provisionalAigcJson());
        answer.labelWhole("hi");
        LabeledAnswer done = answer.finish();
        JsonNode aigc = JsonMappers.json().readTree(done.aigcJson());

        assertThat(provisional.get("ReservedCode1").stringValue()).isEmpty();
        assertThat(provisional.get("ProduceID").stringValue()).isEqualTo(answer.produceId());
        assertThat(aigc.get("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(done.receipt()));
        assertThat(aigc.get("ContentProducer").stringValue()).isEqualTo(SUBJECT.producerCode());
        assertThat(aigc.get("ProduceID").stringValue()).isEqualTo(done.produceId()).isEqualTo(answer.produceId());
    }

    @Test
    void theDisclosureHeaderNamesModelProviderAndStartTime() {
        AnswerLabeling answer = labeler.start(SUBJECT, null, null);
        clock.advance(Duration.ofMinutes(1));

        assertThat(answer.disclosureHeader()).isEqualTo(
                "mode=ai-originated, model=\"qwen-max\", provider=\"Acme Ltd\", date=@" + T0.getEpochSecond());
        assertThat(answer.finish().disclosureHeader()).isEqualTo(answer.disclosureHeader());
    }

    @Test
    void nonStreamingWithBothPositionsLabelsBothEnds() {
        LabelSettings product = new LabelSettings("en", LabelPosition.BOTH, null);
        AnswerLabeling answer = labeler.start(SUBJECT, null, product);

        String text = answer.labelWhole("Hello");
        LabeledAnswer done = answer.finish();

        assertThat(text).isEqualTo("AI-generated content\n\nHello\n\nAI-generated content");
        assertThat(done.claims().explicitLabel()).isEqualTo("both");
        assertThat(ReceiptVerifier.verify(text, done.receipt(), keys.get().jwks()).valid()).isTrue();
    }

    @Test
    void theExplicitLabelIsCompleteOnceEveryConfiguredPositionWentOut() {
        AnswerLabeling prefix = labeler.start(SUBJECT, null, null);
        assertThat(prefix.explicitLabelComplete()).isFalse();
        prefix.takePrefix();
        prefix.delivered("cut off here");
        assertThat(prefix.explicitLabelComplete()).isTrue();

        AnswerLabeling both = labeler.start(SUBJECT, null, new LabelSettings(null, LabelPosition.BOTH, null));
        both.takePrefix();
        both.delivered("cut off here");
        assertThat(both.explicitLabelComplete()).isFalse();
        both.takeSuffix();
        assertThat(both.explicitLabelComplete()).isTrue();
        assertThat(both.finish().explicitLabeled()).isTrue();
    }

    @Test
    void aSuffixNeverSentIsNotCountedAsLabeled() {
        AnswerLabeling answer = labeler.start(SUBJECT, null, new LabelSettings(null, LabelPosition.SUFFIX, null));
        assertThat(answer.takePrefix()).isEmpty();
        answer.delivered("cut off");

        LabeledAnswer done = answer.finish();

        assertThat(done.claims().explicitLabel()).isEqualTo("none");
        assertThat(done.explicitLabeled()).isFalse();
        assertThat(done.fullyLabeled()).isFalse();
        assertThat(done.implicitLabeled()).isTrue();
    }

    @Test
    void misuseIsRefused() {
        AnswerLabeling answer = labeler.start(SUBJECT, null, null);
        answer.delivered("x");
        assertThatThrownBy(answer::takePrefix).isInstanceOf(IllegalStateException.class);
        answer.takeSuffix();
        assertThatThrownBy(() -> answer.delivered("late")).isInstanceOf(IllegalStateException.class);
        answer.finish();
        assertThatThrownBy(answer::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining(answer.produceId());
    }

    @Test
    void aRotatedKeySignsTheNextAnswerAndOldReceiptsStillVerify() {
        AnswerLabeling before = labeler.start(SUBJECT, null, null);
        String beforeText = before.labelWhole("one");
        LabeledAnswer old = before.finish();
        SigningKeys rotated = new SigningKeys(SigningKey.of(Ed25519Keys.generate()), keys.get().jwks().keys());
        keys.set(rotated);

        AnswerLabeling after = labeler.start(SUBJECT, null, null);
        after.labelWhole("two");
        LabeledAnswer fresh = after.finish();

        assertThat(ReceiptVerifier.verify(beforeText, old.receipt(), rotated.jwks()).valid()).isTrue();
        assertThat(ReceiptVerifier.verify(after.label().apply("two"), fresh.receipt(), rotated.jwks()).kid())
                .isEqualTo(rotated.active().kid());
    }

    @Test
    void aBadProducerCodeIsRejectedWithTheProduct() {
        assertThatThrownBy(() -> new AnswerSubject("acme-chat", "has space", "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme-chat")
                .hasMessageContaining("'has space'");
    }
}
