package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.license.ProductRegistry;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.license.ProductFileWatcher.Outcome;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's checks, called by hand (no scheduler, no waiting). */
class ProductFileWatcherTest {

    @TempDir
    Path dir;
    Path file;
    ProductRegistryHolder holder;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ProductFileWatcher watcher;

    static String products(String... ids) {
        var sb = new StringBuilder("products:\n");
        for (String id : ids) {
            sb.append("""
                      - id: %s
                        name: %s
                        company: Co
                        producer-code: "001191110102MAD55U9H0F10002"
                        api-keys: ["%s"]
                        license: { status: licensed, models: ["*"] }
                    """.formatted(id, id, ProductRegistry.hashKey(id + "-key")));
        }
        return sb.toString();
    }

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("products.yaml");
        Files.writeString(file, products("one"));
        holder = new ProductRegistryHolder(new AigwProperties(null, null, new AigwProperties.Products(file, Duration.ZERO)), java.util.List.of());
        watcher = new ProductFileWatcher(holder, meters, file, Duration.ZERO);
    }

    private void replaceByRename(String content) throws IOException {
        Path temp = Files.createTempFile(dir, "edit", ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private double count(String outcome) {
        return meters.counter(ProductFileWatcher.METER, "outcome", outcome).count();
    }

    @Test
    void anUntouchedFileIsNotReread() {
        assertThat(watcher.checkNow()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aFileReplacedByRenameIsReloaded() throws IOException {
        replaceByRename(products("one", "two"));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.findByApiKey("two-key")).isPresent();
        assertThat(watcher.checkNow()).isEqualTo(Outcome.UNCHANGED);
        assertThat(count("reloaded")).isEqualTo(1);
    }

    @Test
    void aFileWrittenInPlaceIsReloaded() throws IOException {
        Files.writeString(file, products("three"));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.findByApiKey("three-key")).isPresent();
        assertThat(holder.findByApiKey("one-key")).isEmpty();
    }

    @Test
    void aTouchWithoutChangeDoesNotReload() throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.UNCHANGED);
        assertThat(count("reloaded")).isZero();
    }

    @Test
    void anInvalidFileIsRejectedOnceAndThePreviousRegistryKeepsServing() throws IOException {
        ProductRegistry before = holder.current();
        replaceByRename(products("one").replace("status: licensed", "status: bogus"));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.REJECTED);
        assertThat(holder.current()).isSameAs(before);
        replaceByRename(products("one").replace("status: licensed", "status: bogus"));
        assertThat(watcher.checkNow()).as("same bad content: not re-reported").isEqualTo(Outcome.UNCHANGED);
        assertThat(count("rejected")).isEqualTo(1);

        replaceByRename(products("one", "two"));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.findByApiKey("two-key")).isPresent();
    }

    @Test
    void invalidUtf8IsRejected() throws IOException {
        ProductRegistry before = holder.current();
        byte[] bytes = products("one").replace("name: one", "name: \u00ff").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, bytes);
        assertThat(watcher.checkNow()).isEqualTo(Outcome.REJECTED);
        assertThat(holder.current()).isSameAs(before);
    }

    @Test
    void aMissingFileKeepsThePreviousRegistryUntilItComesBack() throws IOException {
        ProductRegistry before = holder.current();
        Files.delete(file);
        assertThat(watcher.checkNow()).isEqualTo(Outcome.MISSING);
        assertThat(holder.current()).isSameAs(before);
        Files.writeString(file, products("four"));
        assertThat(watcher.checkNow()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.findByApiKey("four-key")).isPresent();
    }

    @Test
    void aZeroIntervalSchedulesNothing() {
        watcher.start();
        assertThat(watcher.isRunning()).isFalse();
    }
}
