package io.aigw.gateway.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
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
 * connection's own event loop, and the exchange's total deadline for the same wait.
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
 * <p>The total deadline's timer is on a scheduler thread (it also bounds the pauses between attempts and
 * the connection's set-up), so the handler claims the exchange for the arrived headers through its
 * {@link DeadlineClaim} before passing them on; when the deadline claimed it first, the headers are
 * dropped and the connection closed. The handler also fails the attempt itself on the event loop when the
 * deadline passes first while it waits.
 *
 * <p>{@link UpstreamCallGlobalFilter} turns Spring Cloud Gateway's own timer off for chat routes (the
 * plan's {@link UpstreamCallPlan#routingView}) and puts each attempt's timeout ({@link #startingNow}) and
 * the exchange's claim ({@link #claiming}) in the subscriber context. Calls without either (other routes)
 * are left alone.
 */
@Component
public class EventLoopResponseTimeout implements HttpClientCustomizer {

    private static final String CONTEXT_KEY = EventLoopResponseTimeout.class.getName();
    private static final String CLAIM_KEY = DeadlineClaim.class.getName();
    private static final String HANDLER_NAME = "aigw.responseTimeout";

    /** {@code context} with the response timeout of one attempt that starts now; {@code timeout} zero: none. */
    static Context startingNow(Context context, Duration timeout) {
        if (timeout.isZero()) {
            return context;
        }
        return context.put(CONTEXT_KEY, new AttemptTimeout(System.nanoTime() + timeout.toNanos(), timeout));
    }

    /** {@code context} with the exchange's claim; none when its deadline is unlimited. */
    static Context claiming(Context context, DeadlineClaim claim) {
        return claim.deadline().isUnlimited() ? context : context.put(CLAIM_KEY, claim);
    }

    @Override
    public HttpClient customize(HttpClient client) {
        return client.doOnRequest((request, connection) -> {
            AttemptTimeout timeout = request.currentContextView().getOrDefault(CONTEXT_KEY, null);
            DeadlineClaim claim = request.currentContextView().getOrDefault(CLAIM_KEY, null);
            if (timeout != null || claim != null) {
                if (connection.channel().pipeline().get(HANDLER_NAME) != null) {
                    connection.removeHandler(HANDLER_NAME); // Reactor Netty would keep an old one of that name
                }
                connection.addHandlerFirst(HANDLER_NAME, new HeadersDeadline(timeout, claim));
            }
        });
    }

    /**
     * Fails the call unless the response headers are read by the attempt's timeout and the exchange's
     * deadline, whichever comes first. It sits in front of Reactor Netty's own handler, so the headers'
     * arrival is seen here before the call's callbacks (the routing filter's copy into the exchange's
     * response) run, and the timer runs on the same event loop: the two cannot overlap. The deadline's
     * own timer, on another thread, is kept apart by the claim.
     */
    private static final class HeadersDeadline extends ChannelInboundHandlerAdapter {

        private final AttemptTimeout timeout;
        private final DeadlineClaim claim;
        private ScheduledFuture<?> timer;
        private boolean settled;
        /** The deadline claimed the exchange before the headers came: what follows is dropped. */
        private boolean discarding;

        HeadersDeadline(AttemptTimeout timeout, DeadlineClaim claim) {
            this.timeout = timeout;
            this.claim = claim;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            long delay = Long.MAX_VALUE;
            if (timeout != null) {
                delay = timeout.expiresAtNanos() - System.nanoTime();
            }
            if (claim != null) {
                delay = Math.min(delay, claim.deadline().remaining().toNanos());
            }
            timer = ctx.executor().schedule(() -> expire(ctx), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (discarding) {
                ReferenceCountUtil.release(message);
                return;
            }
            if (message instanceof HttpResponse && !settled) {
                settled = true;
                timer.cancel(false);
                if (claim != null && !claim.claimForHeaders()) {
                    // The deadline's 504 is (being) written for this exchange; the call was cancelled.
                    discarding = true;
                    ReferenceCountUtil.release(message);
                    ctx.close();
                    return;
                }
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
            Throwable failure;
            boolean deadlineFirst = timeout == null || claim != null
                    && claim.deadline().remaining().toNanos() <= timeout.expiresAtNanos() - System.nanoTime();
            if (deadlineFirst) {
                // Only one of the two timers reports the passed deadline; the other's call is cancelled.
                failure = claim.claimForDeadline() ? claim.deadline().exceeded() : null;
            } else {
                failure = new ResponseTimeoutException(timeout.length());
            }
            if (failure != null) {
                // The failure reaches the waiting call first; the connection, mid-request, cannot be reused.
                ctx.fireExceptionCaught(failure);
            }
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
