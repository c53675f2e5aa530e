/**
 * Which adapter serves each {@link io.aigw.filters.protocol.Protocol}: the one place that knows both the
 * wire-neutral model (package {@code protocol}) and the adapter packages ({@code protocol.openai},
 * {@code protocol.anthropic}) that implement it, so that neither of those depends on the other in both
 * directions. {@link io.aigw.filters.protocol.adapters.ProtocolAdapters} maps a protocol to its adapter
 * and detects the protocol of a request; {@link io.aigw.filters.protocol.adapters.EndpointRequests} reads
 * and rewrites the request of each {@link io.aigw.filters.protocol.ApiEndpoint}.
 */
package io.aigw.filters.protocol.adapters;
