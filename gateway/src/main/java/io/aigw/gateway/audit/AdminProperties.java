package io.aigw.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the admin endpoints answer, under {@code aigw.admin.}; documented in {@code config/README.md}.
 * The admin token itself is {@code AIGW_ADMIN_TOKEN}, read from the environment (see {@link AdminAccess}).
 *
 * @param onApiPort also serve {@code /admin/**} on the API port (default false: the management port only,
 *     {@code management.server.port}, which an operator keeps off the public network)
 */
@ConfigurationProperties("aigw.admin")
public record AdminProperties(@DefaultValue("false") boolean onApiPort) {
}
