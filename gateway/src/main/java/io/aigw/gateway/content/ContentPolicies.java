package io.aigw.gateway.content;

import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.LexiconException;
import io.aigw.filters.content.LexiconLoader;
import io.aigw.filters.content.LexiconMatcher;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The content policies serving now, one per profile, all sharing one compiled lexicon.
 *
 * <p>The lexicon directory is compiled at start-up (a bad file stops the gateway, naming file and
 * line) and checked every {@code aigw.content.reload-interval} on a bounded-elastic thread: when a
 * file's name, size or modification time changed, it is compiled anew and swapped in atomically;
 * a bad file is logged and the previous policies keep serving. Thread-safe.
 */
@Component
public class ContentPolicies {

    /** The profile routes get without an argument: the global actions. */
    public static final String DEFAULT_PROFILE = "default";
    /** A built-in profile that blocks every category, unless configured otherwise. */
    public static final String STRICT_PROFILE = "strict";

    private static final Logger log = LoggerFactory.getLogger(ContentPolicies.class);

    private final ContentProperties properties;
    private final AtomicReference<Map<String, ContentPolicy>> policies = new AtomicReference<>();
    private final Disposable watcher;
    private volatile List<String> fingerprint;

    public ContentPolicies(ContentProperties properties) {
        this.properties = properties;
        this.fingerprint = fingerprint(properties.lexiconDir());
        this.policies.set(build(LexiconLoader.load(properties.lexiconDir(), properties.maxGap(), properties.evasions().toEvasions())));
        log.info("Content policy: lexicon {} ({} terms), profiles {}", properties.lexiconDir(),
                policies.get().get(DEFAULT_PROFILE).lexicon().termCount(), policies.get().keySet());
        this.watcher = Flux.interval(properties.reloadInterval(), properties.reloadInterval(), Schedulers.boundedElastic())
                .subscribe(tick -> reloadIfChanged());
    }

    /** The policy of {@code profile}. @throws IllegalArgumentException for an unknown profile */
    public ContentPolicy policy(String profile) {
        ContentPolicy policy = policies.get().get(profile);
        if (policy == null) {
            throw new IllegalArgumentException("unknown content profile '" + profile + "'; known: " + policies.get().keySet());
        }
        return policy;
    }

    public Set<String> profiles() {
        return policies.get().keySet();
    }

    /** Compiles the lexicon again when the directory changed. Returns whether new policies now serve. */
    boolean reloadIfChanged() {
        List<String> now;
        try {
            now = fingerprint(properties.lexiconDir());
        } catch (UncheckedIOException e) {
            log.warn("Content lexicon directory {} unreadable; previous lexicon keeps serving: {}", properties.lexiconDir(), e.getMessage());
            return false;
        }
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        try {
            policies.set(build(LexiconLoader.load(properties.lexiconDir(), properties.maxGap(), properties.evasions().toEvasions())));
            log.info("Content lexicon reloaded from {} ({} terms)", properties.lexiconDir(), policies.get().get(DEFAULT_PROFILE).lexicon().termCount());
            return true;
        } catch (LexiconException | IllegalArgumentException e) {
            log.error("Content lexicon rejected, previous lexicon keeps serving: {}", e.getMessage());
            return false;
        }
    }

    private Map<String, ContentPolicy> build(LexiconMatcher lexicon) {
        Map<String, ContentPolicy> built = new HashMap<>();
        built.put(DEFAULT_PROFILE, policy(lexicon, properties.defaultAction(), properties.actions()));
        Map<String, String> allBlocked = new HashMap<>();
        properties.actions().keySet().forEach(category -> allBlocked.put(category, "block"));
        built.put(STRICT_PROFILE, policy(lexicon, "block", allBlocked));
        properties.profiles().forEach((name, profile) -> {
            Map<String, String> actions = new HashMap<>(properties.actions());
            actions.putAll(profile.actions());
            String defaultAction = profile.defaultAction() != null ? profile.defaultAction() : properties.defaultAction();
            built.put(name, policy(lexicon, defaultAction, actions));
        });
        return Map.copyOf(built);
    }

    private ContentPolicy policy(LexiconMatcher lexicon, String defaultAction, Map<String, String> actions) {
        ContentPolicy.Builder builder = ContentPolicy.builder()
                .lexicon(lexicon)
                .piiDetection(properties.piiDetection())
                .decodeLimit(properties.evasions().decodeLimit())
                .defaultAction(Action.parse(defaultAction));
        actions.forEach((category, action) -> builder.action(category, Action.parse(action)));
        return builder.build();
    }

    /** Name, size and modification time of each file: what an edit, an added or a removed file changes. */
    private static List<String> fingerprint(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(f -> {
                try {
                    return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void stop() {
        watcher.dispose();
    }
}
