package io.aigw.gateway.refresh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.aigw.gateway.config.PeriodicCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.SmartLifecycle;

/**
 * Applies changes to the operator's configuration file ({@code config/application.yml}) without a restart:
 * when a watched file's content changed, Spring Cloud's {@link ContextRefresher} reads the configuration
 * again, rebinds the refreshable settings and publishes the refresh events; Spring Cloud Gateway then
 * rebuilds its routes ({@code RefreshRoutesEvent}): added, removed and changed routes, their predicates,
 * filters and filter arguments (a route's {@code AiLabel} locale, position and text) take effect for the
 * next request, while requests in flight finish on the route they started on. A route the gateway cannot
 * build is logged and the previous routes keep serving. Settings bound once at start-up (records such as
 * {@code aigw.label.*}, {@code aigw.audit.*}, ports) still need a restart.
 *
 * <p>Polling, as {@code ProductFileWatcher} explains: one stat per file and interval, a read only when the
 * modification time, size or identity changed, a refresh only when the SHA-256 of the content changed; it
 * sees editors' rename-over writes and Kubernetes ConfigMap symlink swaps. Checks run on
 * {@code boundedElastic}, never on an event loop; {@link #checkNow()} is synchronized.
 */
public final class ConfigFileWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);

    private final ContextRefresher refresher;
    private final List<Path> files;
    private final Duration interval;
    private final Map<Path, Object> stamps = new HashMap<>();
    private final Map<Path, byte[]> digests = new HashMap<>();
    private final PeriodicCheck periodic;

    public ConfigFileWatcher(ContextRefresher refresher, List<Path> files, Duration interval) {
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.files = List.copyOf(files);
        this.interval = Objects.requireNonNull(interval, "interval");
        this.periodic = new PeriodicCheck(this::checkNow, interval);
        for (Path file : this.files) {
            changed(file); // the version the context was started from
        }
    }

    /**
     * Checks every file once and refreshes the configuration when one changed. Blocking: call it off event
     * loops. Never throws.
     *
     * @return the property keys the refresh changed; empty when nothing changed or the refresh failed
     */
    public synchronized Set<String> checkNow() {
        List<Path> changed = new ArrayList<>();
        for (Path file : files) {
            if (changed(file)) {
                changed.add(file);
            }
        }
        if (changed.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> keys = refresher.refresh();
            log.info("Configuration reloaded after {} changed: {} propert{} changed{}", changed, keys.size(),
                    keys.size() == 1 ? "y" : "ies", keys.isEmpty() ? "" : " " + keys);
            return keys;
        } catch (RuntimeException e) {
            log.error("Could not reload the configuration after {} changed ({}); the previous configuration keeps serving",
                    changed, e.toString());
            return Set.of();
        }
    }

    /** Whether the file's content differs from the last one seen; remembers it. */
    private boolean changed(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object stamp = Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey());
            if (stamp.equals(stamps.get(file))) {
                return false;
            }
            stamps.put(file, stamp);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            byte[] before = digests.put(file, digest);
            return before != null && !Arrays.equals(before, digest);
        } catch (NoSuchFileException e) {
            return false; // between an editor's delete and rename, or not used here
        } catch (IOException e) {
            log.warn("Cannot read configuration file {} ({})", file, e.toString());
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void start() {
        if (files.isEmpty() || !periodic.start()) {
            log.info("Configuration reloading is off (aigw.config.reload-interval={})", interval);
            return;
        }
        log.info("Watching {} for configuration changes every {}", files, interval);
    }

    @Override
    public void stop() {
        periodic.stop();
    }

    @Override
    public boolean isRunning() {
        return periodic.isRunning();
    }
}
