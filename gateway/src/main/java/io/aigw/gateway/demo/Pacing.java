package io.aigw.gateway.demo;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/** Emits stream pieces with a pause before each, on Reactor's parallel scheduler (never sleeping). */
final class Pacing {

    private Pacing() {
    }

    /**
     * @param items the pieces, in order
     * @param delay the pause before each piece; zero emits them at once, without a scheduler hop
     */
    static <T> Flux<T> paced(List<T> items, Duration delay) {
        Flux<T> flux = Flux.fromIterable(items);
        return delay.isZero() ? flux : flux.delayElements(delay);
    }
}
