package io.aigw.filters.audit;

import java.util.Locale;

/**
 * When the writer forces audit lines to the storage device ({@code aigw.audit.fsync}). Every
 * policy hands each line to the operating system as soon as it is written, so a killed gateway
 * process loses no written line; the policies differ on power loss or a kernel crash.
 */
public enum FsyncPolicy {
    /** {@code fsync} after every line: safest, slowest. */
    LINE,
    /**
     * {@code fsync} once per batch: the writer takes every line waiting in its queue (up to a
     * batch limit), writes them, then forces once (group commit). The default.
     */
    BATCH,
    /** Never force; the operating system writes back when it likes (and at checkpoints and close). */
    NONE;

    /**
     * Parses {@code line}, {@code batch} or {@code none}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static FsyncPolicy fromName(String name) {
        for (FsyncPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("aigw.audit.fsync: unknown policy '" + name
                + "' (expected line, batch or none)");
    }

    /** The configuration value, for example {@code batch}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
