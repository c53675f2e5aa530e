package io.aigw.gateway.exchange;

import io.aigw.filters.license.Product;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.web.server.ServerWebExchange;

/**
 * The chat exchange behind one HTTP exchange: who asks (the product), what (the decoded request), and
 * the response stages the route's policy filters contribute. Created by the protocol filter once the
 * request is authenticated and decoded; later filters read it from the exchange attributes, may
 * replace the request (a masked prompt, say) and add stages. Used by one exchange at a time.
 */
public final class ChatExchange {

    /** Exchange attribute holding the {@link ChatExchange}. */
    public static final String ATTRIBUTE = ChatExchange.class.getName();

    private final Protocol protocol;
    private final Product product;
    private final String requestId;
    private ChatRequest request;
    private byte[] upstreamBody;
    private final List<Supplier<ResponseStage>> stageFactories = new ArrayList<>();

    public ChatExchange(Protocol protocol, Product product, String requestId, ChatRequest request) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.product = Objects.requireNonNull(product, "product");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.request = Objects.requireNonNull(request, "request");
        this.upstreamBody = request.raw();
    }

    /** The chat exchange of {@code exchange}, or {@code null} on routes without a protocol filter. */
    public static ChatExchange of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    public Protocol protocol() {
        return protocol;
    }

    public Product product() {
        return product;
    }

    public String requestId() {
        return requestId;
    }

    public ChatRequest request() {
        return request;
    }

    /** Replaces the request sent upstream: {@code encodedBody} is its wire form. */
    public void replaceRequest(ChatRequest changed, byte[] encodedBody) {
        this.request = Objects.requireNonNull(changed, "changed");
        this.upstreamBody = Objects.requireNonNull(encodedBody, "encodedBody");
    }

    /** The bytes to send upstream: the client's body unless a policy replaced the request. */
    public byte[] upstreamBody() {
        return upstreamBody;
    }

    /** Adds a response stage; {@code factory} is called once per answer, in the order stages were added. */
    public void addResponseStage(Supplier<ResponseStage> factory) {
        stageFactories.add(Objects.requireNonNull(factory, "factory"));
    }

    /** New instances of the response stages, in order. */
    public List<ResponseStage> newResponseStages() {
        List<ResponseStage> stages = new ArrayList<>(stageFactories.size());
        stageFactories.forEach(f -> stages.add(f.get()));
        return stages;
    }

    @Override
    public String toString() {
        return "ChatExchange[" + requestId + ", " + protocol + ", product=" + product.id() + ", " + request + "]";
    }
}
