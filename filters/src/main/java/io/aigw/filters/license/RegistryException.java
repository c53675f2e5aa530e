package io.aigw.filters.license;

/**
 * A product registry could not be read or is invalid. The message reads
 * {@code <source>:<line>: <problem>: '<value>'} so an operator can go straight to the bad value;
 * the parts are also available separately. Unchecked, like Jackson's exceptions.
 */
public final class RegistryException extends RuntimeException {

    private final String source;
    private final int line;
    private final String value;

    /**
     * @param source  the file name or other source description
     * @param line    1-based line, or 0 when unknown
     * @param problem what is wrong
     * @param value   the offending value (may be null when there is none, e.g. an I/O error)
     * @param cause   the underlying exception, or null
     */
    public RegistryException(String source, int line, String problem, String value, Throwable cause) {
        super(format(source, line, problem, value), cause);
        this.source = source;
        this.line = line;
        this.value = value;
    }

    /** The file name or other source description given to the parser. */
    public String source() {
        return source;
    }

    /** The 1-based line of the offending value, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The offending value, or null when there is none. */
    public String value() {
        return value;
    }

    private static String format(String source, int line, String problem, String value) {
        var sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ").append(problem);
        if (value != null) {
            sb.append(": '").append(value).append('\'');
        }
        return sb.toString();
    }
}
