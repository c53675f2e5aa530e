package io.aigw.filters.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a class logs through {@link System.Logger} (java.util.logging underneath, in these tests). */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Messages logged at SEVERE (System.Logger's ERROR). */
    List<String> errors() {
        return records.stream().filter(r -> Level.SEVERE.equals(r.getLevel())).map(LogRecord::getMessage).toList();
    }

    /** Every record logged at SEVERE carries its cause. */
    boolean errorsCarryCause() {
        return records.stream().filter(r -> Level.SEVERE.equals(r.getLevel())).allMatch(r -> r.getThrown() != null);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
