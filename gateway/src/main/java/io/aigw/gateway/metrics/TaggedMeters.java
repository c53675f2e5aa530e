package io.aigw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The meters of one name, one per combination of tag values, each registered once and then found in a
 * map. Registering on every use ({@code Counter.builder(..).tag(..).register(..)}) builds the tags, a
 * meter id and runs the registry's lookup and meter filters each time: about 1 % of the gateway's CPU
 * with a few counters per request.
 *
 * <p>Tag values must come from bounded sets (product ids, route ids, statuses, outcomes): every
 * combination seen stays in memory. The meters are those of the registry when first asked for; a meter
 * removed from the registry later ({@code MeterRegistry.remove}, {@code clear}) is not registered again.
 * Thread-safe.
 *
 * @param <M> the kind of meter
 */
public final class TaggedMeters<M extends Meter> {

    private final String name;
    private final List<String> tagKeys;
    private final BiFunction<String, Tags, M> register;
    private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();

    private TaggedMeters(String name, List<String> tagKeys, BiFunction<String, Tags, M> register) {
        this.name = Objects.requireNonNull(name, "name");
        this.tagKeys = tagKeys;
        this.register = register;
    }

    /**
     * Counters named {@code name}.
     *
     * @param tagKeys the tag keys, in the order {@link #get(String...)} takes their values
     * @throws NullPointerException when an argument or a tag key is null
     */
    public static TaggedMeters<Counter> counters(MeterRegistry registry, String name, String description, String... tagKeys) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(description, "description");
        return new TaggedMeters<>(name, List.of(tagKeys),
                (n, tags) -> Counter.builder(n).description(description).tags(tags).register(registry));
    }

    /**
     * Timers named {@code name} (count, total and maximum; no histogram).
     *
     * @param tagKeys the tag keys, in the order {@link #get(String...)} takes their values
     * @throws NullPointerException when an argument or a tag key is null
     */
    public static TaggedMeters<Timer> timers(MeterRegistry registry, String name, String description, String... tagKeys) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(description, "description");
        return new TaggedMeters<>(name, List.of(tagKeys),
                (n, tags) -> Timer.builder(n).description(description).tags(tags).register(registry));
    }

    /**
     * The meter for {@code tagValues}, registered on first use.
     *
     * @param tagValues one value per tag key, in the order of the keys
     * @throws NullPointerException when a value is null
     * @throws IllegalArgumentException when the number of values is not the number of tag keys
     */
    public M get(String... tagValues) {
        List<String> key = List.of(tagValues);
        M meter = meters.get(key);
        if (meter != null) {
            return meter;
        }
        if (tagValues.length != tagKeys.size()) {
            throw new IllegalArgumentException(name + " has tags " + tagKeys + ", got values " + key);
        }
        return meters.computeIfAbsent(key, this::register);
    }

    private M register(List<String> tagValues) {
        Tags tags = Tags.empty();
        for (int i = 0; i < tagKeys.size(); i++) {
            tags = tags.and(tagKeys.get(i), tagValues.get(i));
        }
        return register.apply(name, tags);
    }

    @Override
    public String toString() {
        return "TaggedMeters[" + name + " by " + tagKeys + "]";
    }
}
