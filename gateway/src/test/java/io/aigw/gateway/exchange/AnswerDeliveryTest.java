package io.aigw.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.ExchangeFacts;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reached the client is recorded: at once without gates, up to the released mark with them, never what a gate dropped. */
class AnswerDeliveryTest {

    private static final ChatRequest REQUEST = Protocol.OPENAI.requestCodec().decode(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));

    private final ExchangeFacts facts = new ExchangeFacts(REQUEST);
    private final AnswerDelivery delivery = new AnswerDelivery(facts);

    @Test
    void withoutGatesAFactIsRecordedAtOnce() {
        delivery.record(ExchangeFacts::addDeliveredText, "a");
        assertThat(facts.deliveredText()).isEqualTo("a");
        assertThat(facts.textDelivered()).isTrue();
    }

    @Test
    void withGatesFactsWaitForTheirOutputAndWhatIsNeverReleasedIsNeverRecorded() {
        delivery.gated(true);
        delivery.record(ExchangeFacts::addDeliveredText, "one ");
        long first = delivery.seal();
        delivery.record(ExchangeFacts::addDeliveredText, "two ");
        delivery.record((f, id) -> f.recordLabelProgress(id, true), "pid");
        long second = delivery.seal();
        delivery.record(ExchangeFacts::addDeliveredText, "three");
        long third = delivery.seal();
        assertThat(first).isLessThan(second).isLessThan(third);
        assertThat(facts.textDelivered()).isFalse();

        delivery.released(first - 1);
        assertThat(facts.deliveredText()).isNull();
        delivery.released(first);
        assertThat(facts.deliveredText()).isEqualTo("one ");
        assertThat(facts.labelProgress()).isNull();
        delivery.released(second);
        delivery.released(second); // released twice: recorded once
        assertThat(facts.deliveredText()).isEqualTo("one two ");
        assertThat(facts.labelProgress()).isEqualTo(new ExchangeFacts.LabelProgress("pid", true));
        // The third output was withheld (a gate refused it): its text never counts.
    }

    @Test
    void theMarkIsTheOutputBeingProcessedUntilItIsSealed() {
        long processing = delivery.mark();
        assertThat(delivery.seal()).isEqualTo(processing);
        assertThat(delivery.mark()).isEqualTo(processing + 1);
    }
}
