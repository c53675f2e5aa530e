/**
 * How the gateway calls an upstream: per-route timeouts (idle gap, total) on top of Spring Cloud
 * Gateway's connect and response timeouts, retries with backoff under a retry budget, the route's
 * circuit breaker per attempt, and the {@code Retry-After} of its 503 while open.
 */
package io.aigw.gateway.upstream;
