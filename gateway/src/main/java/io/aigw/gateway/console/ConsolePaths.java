package io.aigw.gateway.console;

/** Where the console lives: its pages and files, and its admin JSON endpoints. */
final class ConsolePaths {

    /** The pages, scripts, styles and the chart library; public files that carry no data. */
    static final String PAGES = "/console";
    /** The console's data, behind the admin token like every {@code /admin} endpoint. */
    static final String DATA = "/admin/console";

    private ConsolePaths() {
    }

    static boolean isConsole(String path) {
        return under(path, PAGES) || under(path, DATA);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
