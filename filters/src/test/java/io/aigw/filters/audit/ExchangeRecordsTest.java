package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.ExchangeEnding.Signal;
import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outcome rules of an exchange's audit record, from its facts and its ending, without any framework. */
class ExchangeRecordsTest {

    private static final Instant ADMITTED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant ENDED = ADMITTED.plusMillis(1234);
    private static final Product ACME = new Product("acme", "Acme", "Acme Ltd", "001191110102MAD55U9H0F10002", List.of(), null,
            new License(LicenseStatus.LICENSED, "N-1", LocalDate.parse("2026-01-01"), null, List.of("*")), null);
    private static final ChatRequest REQUEST = Protocol.OPENAI.requestCodec().decode(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8));

    private final ExchangeFacts facts = new ExchangeFacts(REQUEST);

    private static ExchangeContext context(ApiEndpoint endpoint) {
        return new ExchangeContext("r-1", ACME, "openai-chat", Protocol.OPENAI, endpoint, REQUEST.model(), REQUEST.stream());
    }

    private AuditRecord record(Signal signal, Integer status, Integer upstreamStatus) {
        return record(ApiEndpoint.CHAT, signal, status, upstreamStatus, false);
    }

    private AuditRecord record(ApiEndpoint endpoint, Signal signal, Integer status, Integer upstreamStatus, boolean includeText) {
        return ExchangeRecords.of(context(endpoint), facts, new ExchangeEnding(signal, status, upstreamStatus, ENDED), ADMITTED,
                includeText);
    }

    @Test
    void aCompletedExchangeWithAnUpstream2xxIsServedAndGenerated() {
        facts.recordUpstreamCalled("openai-chat");
        facts.updateUsage(new TokenCounts(10L, null));
        facts.updateUsage(new TokenCounts(null, 5L));
        AuditRecord record = record(Signal.COMPLETED, 200, 200);

        assertThat(record.outcome()).isEqualTo(Outcome.SERVED);
        assertThat(record.error()).isNull();
        assertThat(record.generated()).isTrue();
        assertThat(record.time()).isEqualTo(ADMITTED);
        assertThat(record.product()).isEqualTo("acme");
        assertThat(record.protocol()).isEqualTo("openai");
        assertThat(record.model()).isEqualTo("gpt-4o");
        assertThat(record.upstream()).isEqualTo(new AuditRecord.UpstreamCall("openai-chat", 200, 1234));
        assertThat(record.usage()).isEqualTo(new AuditRecord.TokenUsage(10L, 5L));
        assertThat(record.license()).isEqualTo(AuditRecord.LicenseCheck.notChecked());
    }

    @Test
    void theUpstreamThatServedIsNamedOverTheOneCalledLast() {
        facts.recordUpstreamCalled("openai-chat");
        facts.recordUpstreamCalled("backup");
        assertThat(facts.upstreamName()).isEqualTo("backup");
        facts.recordUpstreamServedBy("openai-chat");
        assertThat(record(Signal.COMPLETED, 200, 200).upstream().name()).isEqualTo("openai-chat");
    }

    @Test
    void withoutAnUpstreamAnswerThereIsNoUpstreamNorCompletionVerdictAndTheOutcomeIsError() {
        AuditRecord record = record(Signal.COMPLETED, 502, null);
        assertThat(record.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(record.upstream()).isNull();
        assertThat(record.completion()).isNull();
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(502, null));
        assertThat(record.generated()).isFalse();
    }

    @Test
    void anUpstreamErrorPassedOnIsAnErrorWithItsStatusAndNoCode() {
        AuditRecord record = record(Signal.COMPLETED, 429, 429);
        assertThat(record.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(429, null));
    }

    @Test
    void aDeniedLicenseWinsOverEveryOtherFact() {
        facts.recordLicense(new LicenseDecision(false, DenyReason.LICENSE_SUSPENDED, null, "acme", "gpt-4o", LicenseMode.STRICT,
                false, null));
        facts.recordError(new ProtocolException(ErrorKind.RATE_LIMITED, "slow down"), 429);
        facts.recordPromptMatches(List.of(new ContentMatch("A1", 0, 1, Action.BLOCK)));
        facts.recordCancelled();
        assertThat(record(Signal.COMPLETED, 403, null).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void theGatewaysOwn429IsRateLimitedBeforeABlockOrACancel() {
        facts.recordError(new ProtocolException(ErrorKind.RATE_LIMITED, "slow down"), 429);
        facts.recordPromptMatches(List.of(new ContentMatch("A1", 0, 1, Action.BLOCK)));
        AuditRecord record = record(Signal.CANCELLED, 429, null);
        assertThat(record.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(429, ErrorKind.RATE_LIMITED.openAiCode()));
    }

    @Test
    void aBlockOnEitherSideIsBlockedBeforeACancel() {
        facts.recordCompletionMatches(List.of(new ContentMatch("P1", 0, 1, Action.FLAG)));
        facts.recordCompletionMatches(List.of(new ContentMatch("A1", 0, 1, Action.BLOCK), new ContentMatch("P1", 2, 3, Action.MASK)));
        facts.recordCancelled();
        AuditRecord record = record(Signal.COMPLETED, 200, 200);
        assertThat(record.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(record.completion()).isEqualTo(new AuditRecord.ScanVerdict(AuditRecord.ScanOutcome.BLOCK, List.of("P1", "A1")));
        assertThat(record.prompt()).isEqualTo(AuditRecord.ScanVerdict.allow());
    }

    @Test
    void aCancelBySignalOrByFactIsCancelledBeforeAnAnsweredError() {
        assertThat(record(Signal.CANCELLED, 200, 200).outcome()).isEqualTo(Outcome.CANCELLED);
        facts.recordError(new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "late"), 200);
        facts.recordCancelled();
        AuditRecord record = record(Signal.COMPLETED, 200, 200);
        assertThat(record.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(record.error()).as("the error the client was given is kept").isNotNull();
    }

    @Test
    void aStreamEndedByAnErrorEventAfterOutputIsGeneratedWithTheLabelItGot() {
        facts.recordError(new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "late"), 200);
        facts.noteOutputDelivered();
        facts.recordLabelProgress("pid-1", false);
        AuditRecord record = record(Signal.COMPLETED, 200, 200);

        assertThat(record.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(200, ErrorKind.UPSTREAM_TIMEOUT.openAiCode()));
        assertThat(record.generated()).isTrue();
        assertThat(record.label()).isEqualTo(new AuditRecord.LabelFlags(false, true, false));
        assertThat(record.produceId()).isEqualTo("pid-1");
    }

    @Test
    void aStreamABlockEndedByAnErrorEventAfterOutputIsBlockedAndGeneratedWithTheLabelItGot() {
        facts.recordCompletionMatches(List.of(new ContentMatch("moderation:svc:violence", 0, 1, Action.BLOCK)));
        facts.recordError(new ProtocolException(ErrorKind.CONTENT_POLICY, "blocked"), 200);
        facts.addDeliveredText("the part that was allowed");
        facts.recordLabelProgress("pid-1", true);
        AuditRecord record = record(ApiEndpoint.CHAT, Signal.COMPLETED, 200, 200, true);

        assertThat(record.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(200, ErrorKind.CONTENT_POLICY.openAiCode()));
        assertThat(record.generated()).isTrue();
        assertThat(record.label()).isEqualTo(new AuditRecord.LabelFlags(true, true, false));
        assertThat(record.produceId()).isEqualTo("pid-1");
        assertThat(record.receipt()).isNull();
        assertThat(record.completionText()).isEqualTo("the part that was allowed");
    }

    @Test
    void aBlockedAnswerThatEndedNormallyOrWasRefusedIsNotCutShort() {
        facts.recordCompletionMatches(List.of(new ContentMatch("A1", 0, 1, Action.BLOCK)));
        facts.addDeliveredText("the policy's refusal text");
        assertThat(record(Signal.COMPLETED, 200, 200).generated()).as("a stream the content scan ended with its refusal").isFalse();
        facts.recordError(new ProtocolException(ErrorKind.CONTENT_POLICY, "blocked"), 400);
        assertThat(record(Signal.COMPLETED, 400, 200).generated()).as("a refused answer").isFalse();
    }

    @Test
    void anErrorBeforeAnyOutputIsNotGenerated() {
        facts.recordError(new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "late"), 504);
        facts.recordLabelProgress("pid-1", false);
        AuditRecord record = record(Signal.COMPLETED, 504, null);
        assertThat(record.generated()).isFalse();
        assertThat(record.produceId()).isNull();
    }

    @Test
    void aFailedSignalIsNeverServed() {
        AuditRecord record = record(Signal.FAILED, 200, 200);
        assertThat(record.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(record.error()).isEqualTo(new AuditRecord.ErrorInfo(200, null));
    }

    @Test
    void endpointsThatGenerateNothingAreNeverGenerated() {
        AuditRecord record = record(ApiEndpoint.EMBEDDINGS, Signal.COMPLETED, 200, 200, false);
        assertThat(record.outcome()).isEqualTo(Outcome.SERVED);
        assertThat(record.generated()).isFalse();
    }

    @Test
    void textsAreTheForwardedPromptAndTheDeliveredCompletionOnlyWhenIncluded() {
        facts.replaceRequest(Protocol.OPENAI.requestCodec().withModel(REQUEST, "gpt-4o-mini"));
        facts.addDeliveredText("Hel");
        facts.addDeliveredText("lo");
        AuditRecord withText = record(ApiEndpoint.CHAT, Signal.COMPLETED, 200, 200, true);
        assertThat(withText.model()).isEqualTo("gpt-4o-mini");
        assertThat(withText.promptText()).isEqualTo("system: be brief\nuser: hi");
        assertThat(withText.completionText()).isEqualTo("Hello");
        AuditRecord without = record(Signal.COMPLETED, 200, 200);
        assertThat(without.promptText()).isNull();
        assertThat(without.completionText()).isNull();
    }

    @Test
    void refusalsBeforeDecodingHaveTheirOwnOutcomes() {
        assertThat(ExchangeRecords.refusalOutcome(null)).isEqualTo(Outcome.CANCELLED);
        assertThat(ExchangeRecords.refusalOutcome(new ProtocolException(ErrorKind.INVALID_API_KEY, "no"))).isEqualTo(Outcome.DENIED);
        assertThat(ExchangeRecords.refusalOutcome(new ProtocolException(ErrorKind.INVALID_JSON, "bad"))).isEqualTo(Outcome.INVALID);
        assertThat(ExchangeRecords.refusalOutcome(new ProtocolException(ErrorKind.INTERNAL, "x"))).isEqualTo(Outcome.ERROR);
    }

    @Test
    void accumulatedFactsAreNotLostWhenRecordedFromManyThreads() throws Exception {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    facts.recordPromptMatches(List.of(new ContentMatch("A1", 0, 1, Action.FLAG)));
                    facts.updateUsage(new TokenCounts(null, 1L));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(facts.promptMatches()).hasSize(2000);
    }
}
