package io.aigw.gateway.demo;

import java.time.Duration;

/** Parses {@link MockModelServer#main} arguments of the form {@code --name=value}. */
final class MockModelCommandLine {

    static final String USAGE =
            "usage: MockModelServer [--host=127.0.0.1] [--port=9901] [--chunks=12] [--delay-ms=40]";

    private MockModelCommandLine() {
    }

    /**
     * @param args     the arguments; each must be one of the options in {@link #USAGE}
     * @param defaults the settings for options not given
     * @throws IllegalArgumentException naming the bad argument
     */
    static MockModelSettings parse(String[] args, MockModelSettings defaults) {
        MockModelSettings settings = defaults;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("Unrecognised argument '" + arg + "'");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            settings = switch (name) {
                case "host" -> new MockModelSettings(value, settings.port(), settings.chunks(), settings.chunkDelay());
                case "port" -> settings.withPort(integer(arg, value));
                case "chunks" -> settings.withChunks(integer(arg, value));
                case "delay-ms" -> settings.withChunkDelay(Duration.ofMillis(integer(arg, value)));
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
            };
        }
        return settings;
    }

    private static int integer(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Argument '" + arg + "' needs an integer value");
        }
    }
}
