package io.aigw.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.webjars.WebJarVersionLocator;

/**
 * The console's files, read from the jar once at start-up and served from memory: the page shells,
 * their scripts and stylesheet ({@code classpath:console/}) and Chart.js from its WebJar. A fixed
 * list, so nothing on the classpath beyond it can be asked for, and no file is read on an event loop.
 */
final class ConsoleFiles {

    /** The console's own files, under {@code classpath:console/}. */
    static final List<String> OWN = List.of("login.html", "overview.html", "products.html", "audit.html",
            "report.html", "console.css", "console.js", "login.js", "overview.js", "products.js", "audit.js",
            "report.js");
    /** Where the page shells load Chart.js from. */
    static final String CHART_JS = "lib/chart.umd.js";

    /** A served file. */
    record File(MediaType type, byte[] bytes) {
    }

    private final Map<String, File> files;

    private ConsoleFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** @throws IllegalStateException naming the file when one is missing from the classpath */
    static ConsoleFiles load() {
        ClassLoader loader = ConsoleFiles.class.getClassLoader();
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : OWN) {
            files.put(name, new File(typeOf(name), read(loader, "console/" + name)));
        }
        String chart = new WebJarVersionLocator().fullPath("chart.js", "dist/chart.umd.js");
        if (chart == null) {
            throw new IllegalStateException("the Chart.js WebJar (dist/chart.umd.js) is not on the classpath");
        }
        files.put(CHART_JS, new File(typeOf(CHART_JS), read(loader, chart)));
        return new ConsoleFiles(files);
    }

    /** The file at {@code name} (relative to {@code /console/}), if it is one of the console's. */
    Optional<File> find(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static MediaType typeOf(String name) {
        if (name.endsWith(".html")) {
            return new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
        }
        if (name.endsWith(".css")) {
            return new MediaType("text", "css", java.nio.charset.StandardCharsets.UTF_8);
        }
        return new MediaType("text", "javascript", java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console file missing from the classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + resource, e);
        }
    }
}
