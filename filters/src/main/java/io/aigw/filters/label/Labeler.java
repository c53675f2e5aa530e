package io.aigw.filters.label;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Labels answers: the entry point of the {@code AiLabel} response stage. One instance per gateway;
 * thread-safe. Each answer gets its own {@link AnswerLabeling} from {@link #start}.
 *
 * <p>Nothing here blocks or does I/O: ids come from {@link ProduceIdGenerator}, receipts are
 * signed in memory with the keys the supplier returns at {@link AnswerLabeling#finish()} (so a key
 * rotation swapped into an {@code AtomicReference} applies to the next answer).
 */
public final class Labeler {

    private volatile LabelConfig config;
    private final String provider;
    private final Supplier<SigningKeys> keys;
    private final ProduceIdGenerator ids;
    private final Clock clock;

    /**
     * @param config the global label settings ({@code aigw.label.*})
     * @param provider the provider named in {@code AI-Disclosure} ({@code aigw.label.provider})
     * @param keys the keys in force, read once per answer (for example {@code atomicRef::get})
     * @param ids the ProduceID source
     * @param clock the time source for the disclosure date and the receipt's {@code iat}
     * @throws NullPointerException when an argument is null
     */
    public Labeler(LabelConfig config, String provider, Supplier<SigningKeys> keys, ProduceIdGenerator ids,
            Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The global settings, to resolve and cache product and route labels with {@link LabelConfig#resolve}. */
    public LabelConfig config() {
        return config;
    }

    /**
     * Replaces the global label settings (the operator changed {@code aigw.label.*}); exchanges that
     * already started keep the settings they started with.
     */
    public void reconfigure(LabelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Starts labeling one answer with a label resolved in advance (the fast path: resolve once per
     * product and route with {@link LabelConfig#resolve} and cache).
     *
     * @throws NullPointerException when an argument is null
     */
    public AnswerLabeling start(AnswerSubject subject, ExplicitLabel label) {
        return new AnswerLabeling(subject, label, ids.next(), clock.instant(), provider, keys, clock);
    }

    /**
     * Starts labeling one answer, resolving the label from the route's and the product's settings
     * (product &gt; route &gt; global).
     *
     * @param route the route layer, or {@code null}
     * @param product the product layer, or {@code null}
     * @throws IllegalArgumentException as {@link LabelConfig#resolve}
     */
    public AnswerLabeling start(AnswerSubject subject, LabelSettings route, LabelSettings product) {
        return start(subject, config.resolve(route, product));
    }
}
