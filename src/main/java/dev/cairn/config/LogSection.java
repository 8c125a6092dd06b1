package dev.cairn.config;

/** {@code log.*}: how much is logged, in which format, and whether also to a file in the data directory. */
public record LogSection(Level level, Format format, boolean file) {
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    public enum Format { TEXT, JSON }

    static LogSection from(Values v) {
        return new LogSection(v.get(Keys.LOG_LEVEL), v.get(Keys.LOG_FORMAT), v.get(Keys.LOG_FILE));
    }
}
