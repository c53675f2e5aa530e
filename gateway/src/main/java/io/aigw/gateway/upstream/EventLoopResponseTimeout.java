package io.aigw.gateway.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.Context;

/**
 * The chat routes' response timeout (until the upstream's response headers), kept on the upstream
 * connection's own event loop.
 *
 * <p>Spring Cloud Gateway's {@code response-timeout} is a {@code Flux.timeout} on a timer thread. When
 * it fires while the response headers are arriving, the routing filter's callback still runs on the
 * connection's event loop and copies the upstream's status and headers into the exchange's response,
 * which the timeout's own 504 may be writing or have committed at that moment (a data race on the
 * headers; the soak test saw {@code UnsupportedOperationException} from the committed, read-only
 * headers). Here a handler in the upstream connection's pipeline keeps the timer on the connection's
 * event loop and stops it when it reads the response headers, before passing them on, so exactly one of
 * the two happens: the response goes on, or the call fails with {@link ResponseTimeoutException} (a 504,
 * like Spring Cloud Gateway's) and the routing filter's callback never runs.
 *
 * <p>{@link UpstreamCallGlobalFilter} turns Spring Cloud Gateway's own timer off for chat routes (the
 * plan's {@link UpstreamCallPlan#routingView}) and puts each attempt's deadline in its subscriber context
 * ({@link #startingNow}). Calls without one (other routes) are left alone.
 */
@Component
public class EventLoopResponseTimeout implements HttpClientCustomizer {

    private static final String CONTEXT_KEY = EventLoopResponseTimeout.class.getName();
    private static final String HANDLER_NAME = "aigw.responseTimeout";

    /** {@code context} with the response timeout of one attempt that starts now; {@code timeout} zero: none. */
    static Context startingNow(Context context, Duration timeout) {
        if (timeout.isZero()) {
            return context;
        }
        return context.put(CONTEXT_KEY, new AttemptTimeout(System.nanoTime() + timeout.toNanos(), timeout));
    }

    @Override
    public HttpClient customize(HttpClient client) {
        return client.doOnRequest((request, connection) -> {
            AttemptTimeout timeout = request.currentContextView().getOrDefault(CONTEXT_KEY, null);
            if (timeout != null) {
                if (connection.channel().pipeline().get(HANDLER_NAME) != null) {
                    connection.removeHandler(HANDLER_NAME); // Reactor Netty would keep an old one of that name
                }
                connection.addHandlerFirst(HANDLER_NAME, new HeadersDeadline(timeout));
            }
        });
    }

    /**
     * Fails the call unless the response headers are read by the deadline. It sits in front of Reactor
     * Netty's own handler, so the headers' arrival is seen here before the call's callbacks (the routing
     * filter's copy into the exchange's response) run, and the timer runs on the same event loop: the
     * two cannot overlap.
     */
    private static final class HeadersDeadline extends ChannelInboundHandlerAdapter {

        private final AttemptTimeout timeout;
        private ScheduledFuture<?> timer;
        private boolean settled;

        HeadersDeadline(AttemptTimeout timeout) {
            this.timeout = timeout;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            long delay = Math.max(0, timeout.expiresAtNanos() - System.nanoTime());
            timer = ctx.executor().schedule(() -> expire(ctx), delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpResponse && !settled) {
                settled = true;
                timer.cancel(false);
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            settled = true;
            timer.cancel(false);
        }

        private void expire(ChannelHandlerContext ctx) {
            if (settled) {
                return;
            }
            settled = true;
            // The failure reaches the waiting call first; the connection, mid-request, cannot be reused.
            ctx.fireExceptionCaught(new ResponseTimeoutException(timeout.length()));
            ctx.close();
        }
    }

    private record AttemptTimeout(long expiresAtNanos, Duration length) {
    }

    /**
     * No response headers within the route's response timeout: 504, not retried (the upstream may still be
     * working). Without a stack trace: Reactor Netty logs it with the connection at WARN, where the route's
     * timeout says more than the timer's frames.
     */
    static final class ResponseTimeoutException extends ResponseStatusException {
        ResponseTimeoutException(Duration timeout) {
            super(HttpStatus.GATEWAY_TIMEOUT, "Response took longer than timeout: " + timeout);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
