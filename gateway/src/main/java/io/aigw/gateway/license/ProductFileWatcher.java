package io.aigw.gateway.license;

import io.aigw.filters.license.ProductRegistry;
import io.aigw.filters.license.RegistryException;
import io.aigw.gateway.config.PeriodicCheck;
import io.aigw.gateway.products.ProductRegistryHolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.scheduler.Schedulers;

/**
 * Reloads the products file when it changes, without a restart and without dropping traffic: a valid
 * new file is swapped into the {@link ProductRegistryHolder} atomically; an invalid one is rejected
 * with an ERROR naming file, line and value, and the previous registry keeps serving.
 *
 * <p><b>Why polling, not {@code WatchService}.</b> Every {@code reloadInterval} the watcher stats the
 * file (following symbolic links) and reads it only when its modification time, size or identity
 * (inode) changed; a reload happens only when the SHA-256 of the content changed. That one stat per
 * interval is cheap, and it sees every way a file gets replaced: in-place writes, editors that write a
 * temporary file and rename it over the original (a new inode, which a watch on the old file would
 * miss), and Kubernetes ConfigMaps, whose files are symbolic links swapped through a {@code ..data}
 * directory. {@code WatchService} sees directory entries, not link targets, falls back to slow polling
 * on macOS, and misses changes on many network and container file systems.
 *
 * <p>Checks run on {@link Schedulers#boundedElastic()}, never on an event loop. Thread-safe:
 * {@link #checkNow()} is synchronized, so a manual check and a scheduled one never overlap.
 */
public final class ProductFileWatcher implements SmartLifecycle {

    /** What one check found. */
    public enum Outcome { UNCHANGED, RELOADED, REJECTED, MISSING }

    private static final Logger log = LoggerFactory.getLogger(ProductFileWatcher.class);

    /** Counter of reload attempts, tagged {@code outcome} = {@code reloaded} | {@code rejected}. */
    public static final String METER = "aigw.products.reloads";

    private final ProductRegistryHolder holder;
    private final MeterRegistry meters;
    private final Path file;
    private final Duration interval;
    private Object lastStamp;
    private byte[] lastDigest;
    private boolean reportedMissing;
    private final PeriodicCheck periodic;

    /**
     * @param holder   the registry to update
     * @param meters   where reloads are counted
     * @param file     the products file the holder was loaded from
     * @param interval time between checks; zero or negative disables the periodic check
     */
    public ProductFileWatcher(ProductRegistryHolder holder, MeterRegistry meters, Path file, Duration interval) {
        this.holder = Objects.requireNonNull(holder, "holder");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.file = Objects.requireNonNull(file, "file");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.periodic = new PeriodicCheck(this::checkNow, interval);
        remember();
    }

    /** Takes the file as it is now as the version the holder serves. */
    private synchronized void remember() {
        try {
            lastStamp = stamp();
            lastDigest = sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            lastStamp = null;
            lastDigest = null;
        }
    }

    /**
     * Checks the file once and reloads it if its content changed. Blocking file I/O: call it off the
     * event loop. Never throws.
     */
    public synchronized Outcome checkNow() {
        byte[] bytes;
        Object stamp;
        try {
            stamp = stamp();
            if (stamp.equals(lastStamp)) {
                return Outcome.UNCHANGED;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // Between an editor's delete and rename; report once if it stays away.
            if (!reportedMissing) {
                reportedMissing = true;
                log.warn("Products file {} is missing; still serving the previous registry ({} product(s))", file,
                        holder.current().products().size());
            }
            return Outcome.MISSING;
        } catch (IOException | RuntimeException e) {
            log.error("Cannot read products file {} ({}); still serving the previous registry", file, e.toString());
            return counted(Outcome.REJECTED);
        }
        reportedMissing = false;
        lastStamp = stamp;
        byte[] digest = sha256(bytes);
        if (Arrays.equals(digest, lastDigest)) {
            return Outcome.UNCHANGED;
        }
        lastDigest = digest;
        try {
            ProductRegistry registry = ProductRegistry.parse(utf8(bytes), file.toString());
            holder.replace(registry, file.toString());
            log.info("Reloaded {} product(s) from {}", registry.products().size(), file);
            return counted(Outcome.RELOADED);
        } catch (RegistryException | IllegalArgumentException e) {
            // IllegalArgumentException: a registry validator (e.g. product label wording) refused it.
            log.error("Rejected products file: {}; still serving the previous registry ({} product(s))",
                    e.getMessage(), holder.current().products().size());
            return counted(Outcome.REJECTED);
        }
    }

    private Outcome counted(Outcome outcome) {
        meters.counter(METER, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return outcome;
    }

    private String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RegistryException(file.toString(), 0, "not valid UTF-8", null, e);
        }
    }

    /** Modification time, size and file identity: any change means "read it again". */
    private Object stamp() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return Arrays.asList(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void start() {
        if (!periodic.start()) {
            log.info("Products file reloading is off (aigw.products.reload-interval={})", interval);
            return;
        }
        log.info("Watching {} for changes every {}", file, interval);
    }

    @Override
    public void stop() {
        periodic.stop();
    }

    @Override
    public boolean isRunning() {
        return periodic.isRunning();
    }

    @Override
    public String toString() {
        return "ProductFileWatcher[" + file + ", every " + interval + "]";
    }
}
