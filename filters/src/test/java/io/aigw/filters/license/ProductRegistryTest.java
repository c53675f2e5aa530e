package io.aigw.filters.license;

import io.aigw.filters.model.ModelGlob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductRegistryTest {

    static final String ACME_KEY = "example-acme-key";
    static final String BETA_KEY = "example-beta-key";
    static final String ACME_HASH = ProductRegistry.hashKey(ACME_KEY);
    static final String BETA_HASH = ProductRegistry.hashKey(BETA_KEY);
    static final String SOURCE = "config/products.yaml";

    static final String VALID = """
            products:
              - id: acme-chat                      # [a-z0-9-]+
                name: Acme Chat
                company: Acme Ltd
                producer-code: "001191110102MAD55U9H0F10002"
                api-keys: ["%s"]
                launched-on: 2026-11-02
                license:
                  status: licensed
                  number: "Beijing-Acme-202601010001"
                  valid-from: 2026-01-01
                  valid-until: 2027-12-31
                  models: ["gpt-4o*", "qwen-*"]
                label: { locale: zh-CN, position: prefix }
              - id: beta-bot
                name: Beta Bot
                company: Beta Co
                producer-code: 001191110102MAD55U9H0F10003
                api-keys:
                  - %s
                license:
                  status: pending
                  number: 202601010001
            """.formatted(ACME_HASH, BETA_HASH);

    @Test
    void parsesTheSpecExample() {
        ProductRegistry registry = ProductRegistry.parse(VALID, SOURCE);

        assertThat(registry.products()).extracting(Product::id).containsExactly("acme-chat", "beta-bot");
        Product acme = registry.findById("acme-chat").orElseThrow();
        assertThat(acme.name()).isEqualTo("Acme Chat");
        assertThat(acme.company()).isEqualTo("Acme Ltd");
        assertThat(acme.producerCode()).isEqualTo("001191110102MAD55U9H0F10002");
        assertThat(acme.apiKeyHashes()).containsExactly(ACME_HASH);
        assertThat(acme.launchedOn()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(acme.license()).isEqualTo(new License(LicenseStatus.LICENSED, "Beijing-Acme-202601010001",
                LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31), List.of("gpt-4o*", "qwen-*")));
        assertThat(acme.labelOverride()).contains(new LabelOverride("zh-CN", "prefix", null));

        Product beta = registry.findById("beta-bot").orElseThrow();
        assertThat(beta.producerCode()).isEqualTo("001191110102MAD55U9H0F10003");
        assertThat(beta.launchedOn()).isNull();
        assertThat(beta.label()).isNull();
        assertThat(beta.license().status()).isEqualTo(LicenseStatus.PENDING);
        assertThat(beta.license().number()).isEqualTo("202601010001");
        assertThat(beta.license().validFrom()).isNull();
        assertThat(beta.license().models()).isEmpty();
    }

    @Test
    void findsProductsByPresentedKeyOnly() {
        ProductRegistry registry = ProductRegistry.parse(VALID, SOURCE);

        assertThat(registry.findByApiKey(ACME_KEY)).map(Product::id).contains("acme-chat");
        assertThat(registry.findByApiKey(BETA_KEY)).map(Product::id).contains("beta-bot");
        assertThat(registry.findByApiKey(ACME_HASH)).isEmpty();
        assertThat(registry.findByApiKey("example-acme-key ")).isEmpty();
        assertThat(registry.findByApiKey("")).isEmpty();
        assertThat(registry.findByApiKey(null)).isEmpty();
        assertThat(registry.findById("nope")).isEmpty();
        assertThat(registry.findById(null)).isEmpty();
    }

    @Test
    void hashKeyMatchesSha256sum() {
        // printf %s example-acme-key | sha256sum
        assertThat(ProductRegistry.hashKey("example-acme-key"))
                .isEqualTo("sha256:742d52301f7b16c49e6e80f45d6b8c8baac08c1bd7b97d6c77252d6137c39669");
        assertThat(ProductRegistry.hashKey("")) // the well-known SHA-256 of nothing
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("products.yaml");
        Files.writeString(good, VALID, StandardCharsets.UTF_8);
        assertThat(ProductRegistry.load(good).products()).hasSize(2);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, VALID.replace("status: licensed", "status: approved"));
        assertThatThrownBy(() -> ProductRegistry.load(bad))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(bad.toString() + ":9:")
                .hasMessageContaining("'approved'");
    }

    @Test
    void missingFileIsARegistryError(@TempDir Path dir) {
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ProductRegistry.load(missing))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(missing + ": cannot read the file");
    }

    @Test
    void nonUtf8FileIsRejected(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, VALID.replace("Acme Ltd", "Acm\u00e9 Ltd").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ProductRegistry.load(latin1))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void emptyProductListIsAnEmptyRegistry() {
        assertThat(ProductRegistry.parse("products: []\n", SOURCE).products()).isEmpty();
    }

    // --- one test per invalid input: source, line and value in the message --------------------

    @Test
    void rejectsBadId() {
        assertRejected(VALID.replace("id: acme-chat ", "id: Acme_Chat "), "id: Acme_Chat", "Acme_Chat",
                "invalid id");
    }

    @Test
    void rejectsUnknownStatus() {
        assertRejected(VALID.replace("status: licensed", "status: approved"), "status: approved", "approved",
                "unknown license status");
    }

    @Test
    void rejectsBadDate() {
        assertRejected(VALID.replace("valid-until: 2027-12-31", "valid-until: 2027-02-30"),
                "valid-until: 2027-02-30", "2027-02-30", "invalid date");
    }

    @Test
    void rejectsBadLaunchDate() {
        assertRejected(VALID.replace("launched-on: 2026-11-02", "launched-on: next week"),
                "launched-on: next week", "next week", "invalid date");
    }

    @Test
    void rejectsValidUntilBeforeValidFrom() {
        assertRejected(VALID.replace("valid-until: 2027-12-31", "valid-until: 2025-12-31"),
                "valid-until: 2025-12-31", "2025-12-31", "before valid-from");
    }

    @Test
    void rejectsDuplicateId() {
        assertRejected(VALID.replace("id: beta-bot", "id: acme-chat"), "id: acme-chat\n", "acme-chat",
                "duplicate product id (first at line 2)");
    }

    @Test
    void rejectsKeyHashSharedByTwoProducts() {
        assertRejected(VALID.replace("- " + BETA_HASH, "- " + ACME_HASH), "- " + ACME_HASH, ACME_HASH,
                "already used by product acme-chat");
    }

    @Test
    void rejectsKeyHashRepeatedInOneProduct() {
        String yaml = VALID.replace("api-keys: [\"" + ACME_HASH + "\"]",
                "api-keys:\n      - " + ACME_HASH + "\n      - " + ACME_HASH);
        assertRejected(yaml, "- " + ACME_HASH, ACME_HASH, "duplicate key hash", 2);
    }

    @Test
    void rejectsMalformedHash() {
        String upper = "sha256:" + ACME_HASH.substring(7).toUpperCase(Locale.ROOT);
        assertRejected(VALID.replace(ACME_HASH, upper), upper, upper, "malformed key hash");
    }

    @Test
    void rejectsClearKeyInsteadOfHash() {
        assertRejected(VALID.replace(ACME_HASH, ACME_KEY), ACME_KEY, ACME_KEY, "malformed key hash");
    }

    @Test
    void rejectsShortHash() {
        String shortHash = ACME_HASH.substring(0, 70);
        assertRejected(VALID.replace(ACME_HASH, shortHash), shortHash, shortHash, "malformed key hash");
    }

    @Test
    void rejectsProducerCodeWithSpace() {
        assertRejected(VALID.replace("\"001191110102MAD55U9H0F10002\"", "\"0011 9111\""), "\"0011 9111\"",
                "0011 9111", "invalid producer-code");
    }

    @Test
    void rejectsProducerCodeWithQuote() {
        assertRejected(VALID.replace("\"001191110102MAD55U9H0F10002\"", "'00119\"1110'"), "'00119\"1110'",
                "00119\"1110", "invalid producer-code");
    }

    @Test
    void rejectsProducerCodeWithBackslash() {
        assertRejected(VALID.replace("\"001191110102MAD55U9H0F10002\"", "'0011\\9111'"), "'0011\\9111'",
                "0011\\9111", "invalid producer-code");
    }

    @Test
    void rejectsNonAsciiProducerCode() {
        assertRejected(VALID.replace("\"001191110102MAD55U9H0F10002\"", "\"00119生成\""), "\"00119生成\"",
                "00119生成", "invalid producer-code");
    }

    @Test
    void rejectsUnknownProductKey() {
        assertRejected(VALID.replace("    company: Acme Ltd", "    company: Acme Ltd\n    compnay: typo"),
                "compnay: typo", "compnay", "unknown key");
    }

    @Test
    void rejectsUnknownLicenseKey() {
        assertRejected(VALID.replace("      valid-from: 2026-01-01", "      valid_from: 2026-01-01"),
                "valid_from: 2026-01-01", "valid_from", "unknown key");
    }

    @Test
    void rejectsUnknownLabelPosition() {
        assertRejected(VALID.replace("position: prefix", "position: top"), "position: top", "top",
                "unknown label position");
    }

    @Test
    void rejectsDateThatIsNotASingleValue() {
        assertRejected(VALID.replace("launched-on: 2026-11-02", "launched-on: [2026-11-02]"),
                "launched-on: [2026-11-02]", "launched-on", "launched-on must be a single value");
    }

    @Test
    void rejectsUnknownLabelKey() {
        assertRejected(VALID.replace("position: prefix", "placement: prefix"), "placement: prefix", "placement",
                "unknown key");
    }

    @Test
    void rejectsUnknownTopLevelKey() {
        assertRejected(VALID + "version: 2\n", "version: 2", "version", "unknown key");
    }

    @Test
    void rejectsDuplicateYamlKey() {
        assertRejected(VALID.replace("    name: Acme Chat", "    name: Acme Chat\n    name: Other"), "name: Other",
                "name", "duplicate key");
    }

    @Test
    void rejectsMissingId() {
        assertMissing(VALID.replace("  - id: acme-chat                      # [a-z0-9-]+\n    name: Acme Chat",
                "  - name: Acme Chat"), "- name: Acme Chat", "id");
    }

    @Test
    void rejectsMissingName() {
        assertMissing(VALID.replace("    name: Acme Chat\n", ""), "- id: acme-chat", "name");
    }

    @Test
    void rejectsMissingCompany() {
        assertMissing(VALID.replace("    company: Acme Ltd\n", ""), "- id: acme-chat", "company");
    }

    @Test
    void rejectsMissingProducerCode() {
        assertMissing(VALID.replace("    producer-code: \"001191110102MAD55U9H0F10002\"\n", ""), "- id: acme-chat",
                "producer-code");
    }

    @Test
    void rejectsMissingApiKeys() {
        assertMissing(VALID.replace("    api-keys: [\"" + ACME_HASH + "\"]\n", ""), "- id: acme-chat", "api-keys");
    }

    @Test
    void rejectsNullRequiredValue() {
        assertMissing(VALID.replace("    company: Acme Ltd", "    company: null"), "- id: acme-chat", "company");
    }

    @Test
    void rejectsMissingLicense() {
        String yaml = VALID.replace("""
                    license:
                      status: pending
                      number: 202601010001
                """, "");
        assertMissing(yaml, "- id: beta-bot", "license");
    }

    @Test
    void rejectsMissingLicenseStatus() {
        assertMissing(VALID.replace("      status: licensed\n", ""), "number: \"Beijing", "status");
    }

    @Test
    void rejectsMissingProductsList() {
        assertThatThrownBy(() -> ProductRegistry.parse("", SOURCE))
                .isInstanceOf(RegistryException.class)
                .hasMessage(SOURCE + ":1: empty registry, expected a top-level 'products:' list");
        assertThatThrownBy(() -> ProductRegistry.parse("products:\n", SOURCE))
                .isInstanceOf(RegistryException.class)
                .hasMessage(SOURCE + ":1: missing required field: 'products'");
    }

    @Test
    void rejectsWrongShapes() {
        assertRejected(VALID.replace("models: [\"gpt-4o*\", \"qwen-*\"]", "models: gpt-4o*"), "models: gpt-4o*",
                "gpt-4o*", "models must be a list");
        assertRejected(VALID.replace("    name: Acme Chat", "    name: [Acme, Chat]"), "name: [Acme",
                "name", "name must be a single value");
    }

    @Test
    void rejectsBlankModelGlob() {
        assertRejected(VALID.replace("\"qwen-*\"", "\" \""), "models: [\"gpt-4o*\", \" \"]", " ", "blank model glob");
    }

    @Test
    void rejectsMalformedYamlWithItsLine() {
        String yaml = VALID.replace("    name: Acme Chat", "    name: [Acme Chat");
        assertThatThrownBy(() -> ProductRegistry.parse(yaml, SOURCE))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(SOURCE + ":")
                .hasMessageContaining("malformed YAML")
                .satisfies(e -> assertThat(((RegistryException) e).line()).isGreaterThan(0));
    }

    @Test
    void parsesOneProductFromRemoteJson() {
        String json = """
                {"id": "acme-chat", "name": "Acme Chat", "company": "Acme Ltd",
                 "producer-code": "001191110102MAD55U9H0F10002", "api-keys": ["%s"],
                 "launched-on": "2026-11-02",
                 "license": {"status": "suspended", "number": "N-1", "valid-from": "2026-01-01",
                             "valid-until": "2027-12-31", "models": ["*"]}}
                """.formatted(ACME_HASH);

        Product product = ProductRegistry.parseProductJson(json, "https://registry.example/products/acme-chat");

        assertThat(product.id()).isEqualTo("acme-chat");
        assertThat(product.license().status()).isEqualTo(LicenseStatus.SUSPENDED);
        assertThat(product.launchedOn()).isEqualTo(LocalDate.of(2026, 11, 2));
    }

    @Test
    void rejectsInvalidRemoteJsonNamingTheSourceAndLine() {
        String json = "{\"id\": \"acme-chat\", \"name\": \"Acme Chat\",\n \"company\": \"Acme Ltd\",\n"
                + " \"producer-code\": \"bad code\", \"api-keys\": [], \"license\": {\"status\": \"licensed\"}}";
        assertThatThrownBy(() -> ProductRegistry.parseProductJson(json, "https://registry.example/p/acme-chat"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("https://registry.example/p/acme-chat:3: invalid producer-code (printable ASCII without "
                        + "space, '\"' or '\\'): 'bad code'");
        assertThatThrownBy(() -> ProductRegistry.parseProductJson("{\"id\": ", "u"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed JSON");
    }

    private static void assertMissing(String yaml, String productLine, String field) {
        assertRejected(yaml, productLine, field, "missing required field");
    }

    private static void assertRejected(String yaml, String lineSnippet, String value, String problem) {
        assertRejected(yaml, lineSnippet, value, problem, 1);
    }

    /** Expects the error at the {@code occurrence}-th line containing {@code lineSnippet}. */
    private static void assertRejected(String yaml, String lineSnippet, String value, String problem,
                                       int occurrence) {
        int line = lineOf(yaml, lineSnippet, occurrence);
        assertThatThrownBy(() -> ProductRegistry.parse(yaml, SOURCE))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(SOURCE + ":" + line + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(": '" + value + "'")
                .satisfies(e -> {
                    RegistryException re = (RegistryException) e;
                    assertThat(re.source()).isEqualTo(SOURCE);
                    assertThat(re.line()).isEqualTo(line);
                    assertThat(re.value()).isEqualTo(value);
                });
    }

    private static int lineOf(String text, String snippet, int occurrence) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if ((lines[i] + "\n").contains(snippet) && ++seen == occurrence) {
                return i + 1;
            }
        }
        throw new AssertionError("snippet not in fixture: " + snippet);
    }
}
