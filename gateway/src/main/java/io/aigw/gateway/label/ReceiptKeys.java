package io.aigw.gateway.label;

import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.label.SigningKeys;
import java.security.Provider;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipt keys in force. Loaded once at start-up (the only file I/O): the configured key file
 * ({@code aigw.label.signing.key-file}) or the newest key of {@code aigw.label.signing.key-dir},
 * generated there when the directory holds none. {@link #current()} is a lock-free read, safe on
 * event-loop threads; a future rotation swaps a new instance in atomically. Thread-safe.
 */
final class ReceiptKeys {

    private static final Logger log = LoggerFactory.getLogger(ReceiptKeys.class);

    private final AtomicReference<SigningKeys> current;

    /**
     * @throws IllegalArgumentException naming the property or file when the settings or a key file
     *     are invalid
     * @throws java.io.UncheckedIOException when a key file cannot be read or written
     */
    ReceiptKeys(LabelProperties.Signing signing, Clock clock) {
        Provider provider = provider(signing.provider());
        SigningKeys keys = signing.keyFile() != null
                ? SigningKeyDirectory.loadKeyFile(signing.keyFile(), signing.keyDir())
                : new SigningKeyDirectory(signing.keyDir(), clock).loadOrCreate();
        keys = keys.withSignatureProvider(provider);
        log.info("Receipt keys: {} from {}, signing with {}", keys,
                signing.keyFile() != null ? signing.keyFile() : signing.keyDir(),
                provider == null ? "the JDK" : provider.getName());
        this.current = new AtomicReference<>(keys);
    }

    /** The keys in force; never null. */
    SigningKeys current() {
        return current.get();
    }

    private static Provider provider(String name) {
        Objects.requireNonNull(name, "aigw.label.signing.provider");
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "bouncycastle" -> new BouncyCastleProvider();
            case "jdk" -> null;
            default -> throw new IllegalArgumentException(
                    "aigw.label.signing.provider: '" + name + "' is not one of bouncycastle, jdk");
        };
    }
}
