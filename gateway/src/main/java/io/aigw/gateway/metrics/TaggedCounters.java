package io.aigw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of one meter name, one per combination of tag values, each registered once and then
 * found in a map. Registering on every increment ({@code Counter.builder(..).tag(..).register(..)})
 * builds the tags, a meter id and runs the registry's lookup and meter filters each time: about 1 % of
 * the gateway's CPU with a few counters per request.
 *
 * <p>Tag values must come from bounded sets (product ids, deny reasons, outcomes): every combination
 * seen stays in memory. The counters are those of the registry when first asked for; a meter removed
 * from the registry later ({@code MeterRegistry.remove}, {@code clear}) is not registered again.
 * Thread-safe.
 */
public final class TaggedCounters {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final List<String> tagKeys;
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param registry where the counters are registered
     * @param name the meter name
     * @param description the meter description
     * @param tagKeys the tag keys, in the order {@link #counter(String...)} takes their values
     * @throws NullPointerException when an argument or a tag key is null
     */
    public TaggedCounters(MeterRegistry registry, String name, String description, String... tagKeys) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.tagKeys = List.of(tagKeys);
    }

    /**
     * The counter for {@code tagValues}, registered on first use.
     *
     * @param tagValues one value per tag key, in the order of the keys
     * @throws NullPointerException when a value is null
     * @throws IllegalArgumentException when the number of values is not the number of tag keys
     */
    public Counter counter(String... tagValues) {
        List<String> key = List.of(tagValues);
        Counter counter = counters.get(key);
        if (counter != null) {
            return counter;
        }
        if (tagValues.length != tagKeys.size()) {
            throw new IllegalArgumentException(name + " has tags " + tagKeys + ", got values " + key);
        }
        return counters.computeIfAbsent(key, this::register);
    }

    private Counter register(List<String> tagValues) {
        Counter.Builder builder = Counter.builder(name).description(description);
        for (int i = 0; i < tagKeys.size(); i++) {
            builder.tag(tagKeys.get(i), tagValues.get(i));
        }
        return builder.register(registry);
    }

    @Override
    public String toString() {
        return "TaggedCounters[" + name + " by " + tagKeys + "]";
    }
}
