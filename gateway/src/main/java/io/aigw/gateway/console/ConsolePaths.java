package io.aigw.gateway.console;

/** Where the console lives on the admin server. */
final class ConsolePaths {

    /** The pages, scripts, styles and the chart library: files that carry no data. */
    static final String PAGES = "/console";
    /** The console's data, behind the admin token like every {@code /admin} endpoint. */
    static final String DATA = "/admin/console";

    private ConsolePaths() {
    }
}
