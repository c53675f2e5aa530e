package io.aigw.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * This replica's name in a fleet ({@code aigw.node-id}): it names the replica's audit chain
 * ({@code <aigw.audit.root>/<node-id>/}) and is written into the audit directory's lock file. When not
 * configured it is the host name: the {@code HOSTNAME} environment variable (a Kubernetes pod's name, a
 * StatefulSet's {@code aigw-0}, {@code aigw-1}: stable across restarts), else the local host's name, else
 * {@value #FALLBACK}; characters other than letters, digits, {@code .}, {@code _} and {@code -} become
 * {@code -}. A configured id must already be of that form (it becomes a directory name).
 *
 * @param value the id: 1 to 64 of {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}
 */
public record NodeId(String value) {

    /** The id when no host name can be found. */
    public static final String FALLBACK = "node";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** @throws IllegalArgumentException naming {@code aigw.node-id} when the value is not a usable directory name */
    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("aigw.node-id: '" + value
                    + "' is not 1 to 64 letters, digits, '.', '_' or '-' (it names the replica's audit directory)");
        }
    }

    /**
     * The configured id, or one derived from the host name.
     *
     * @param configured {@code aigw.node-id}, or null/blank
     * @param environment the process environment (for {@code HOSTNAME})
     */
    public static NodeId resolve(String configured, Map<String, String> environment) {
        if (configured != null && !configured.isBlank()) {
            return new NodeId(configured.strip());
        }
        String host = environment.get("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = localHostName();
        }
        return new NodeId(sanitize(host));
    }

    static String sanitize(String host) {
        String s = host == null ? "" : host.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        if (s.length() > 64) {
            s = s.substring(0, 64);
        }
        return s.isEmpty() || s.equals(".") || s.equals("..") ? FALLBACK : s;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return FALLBACK;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
