package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.json.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AigcMetadataTest {

    private static final String PRODUCER = "001191110102MAD55U9H0F10002";
    private static final String ID = "019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e";

    @Test
    void firstWriteRendersSevenStringKeysInTheStandardsOrder() {
        AigcMetadata aigc = AigcMetadata.firstWrite(PRODUCER, ID, "abc_-XYZ");

        String json = aigc.toJson();
        JsonNode node = JsonMappers.json().readTree(json);
        List<String> keys = new ArrayList<>(node.propertyNames());
        assertThat(keys).containsExactly("Label", "ContentProducer", "ProduceID", "ReservedCode1",
                "ContentPropagator", "PropagateID", "ReservedCode2");
        assertThat(node.properties()).allSatisfy(e -> assertThat(e.getValue().isString()).isTrue());
        assertThat(node.get("Label").stringValue()).isEqualTo("1");
        assertThat(node.get("ContentPropagator").stringValue()).isEqualTo(PRODUCER);
        assertThat(node.get("PropagateID").stringValue()).isEqualTo(ID);
        assertThat(node.get("ReservedCode1").stringValue()).isEqualTo("abc_-XYZ");
        assertThat(node.get("ReservedCode2").stringValue()).isEmpty();
        assertThat(json).doesNotContain(" ").matches("\\p{ASCII}+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "quo\"te", "back\\slash", "中文", "tab\t", "del\u007f", "nl\n"})
    void rejectsValuesOutsidePrintableAsciiNamingThem(String bad) {
        assertThatThrownBy(() -> AigcMetadata.firstWrite(bad, ID, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ContentProducer")
                .hasMessageContaining("'" + bad + "'");
        assertThatThrownBy(() -> new AigcMetadata("1", PRODUCER, ID, "", PRODUCER, ID, bad))
                .hasMessageContaining("ReservedCode2");
    }

    @Test
    void rejectsNullAndUnknownLabels() {
        assertThatThrownBy(() -> AigcMetadata.firstWrite(PRODUCER, null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ProduceID");
        assertThatThrownBy(() -> new AigcMetadata("4", PRODUCER, ID, "", PRODUCER, ID, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'4'");
        assertThat(new AigcMetadata("3", PRODUCER, ID, "", PRODUCER, ID, "").label()).isEqualTo("3");
    }

    @Test
    void acceptsTheWholePrintableRangeExceptTheThreeExcluded() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != '\\') {
                all.append(c);
            }
        }
        AigcMetadata aigc = AigcMetadata.firstWrite(all.toString(), ID, "");

        assertThat(JsonMappers.json().readTree(aigc.toJson()).get("ContentProducer").stringValue()).isEqualTo(all.toString());
    }
}
