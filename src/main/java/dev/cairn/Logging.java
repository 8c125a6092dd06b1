package dev.cairn;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The node's logs, set up at start: a readable console (or JSON lines with {@code json}), and
 * unless {@code files} is off, {@code logs/cairn.log} and {@code logs/access.log} in the data
 * directory, rolled daily and at 50 MiB, 14 days kept.
 */
public final class Logging {
    private Logging() {}

    public static void forNode(Path dataDir, boolean json, String level, boolean files) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.toLevel(level, Level.INFO));
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        ctx.getLogger("io.javalin").setLevel(Level.WARN);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setEncoder(encoder(ctx, json, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
        console.start();
        root.addAppender(console);
        Logger access = ctx.getLogger("cairn.access");
        access.setAdditive(false);
        access.detachAndStopAllAppenders();
        if (!files) {
            access.setLevel(Level.OFF);
            return;
        }
        root.addAppender(rolling(ctx, dataDir.resolve("logs/cairn.log"), encoder(ctx, json,
                "%d{ISO8601} %-5level [%thread] %logger{30} - %msg%n")));
        access.setLevel(Level.INFO);
        access.addAppender(rolling(ctx, dataDir.resolve("logs/access.log"), encoder(ctx, json, "%d{ISO8601} %msg%n")));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json, String pattern) {
        if (json) {
            JsonEncoder e = new JsonEncoder();
            e.setContext(ctx);
            // The message as people read it, not logback's template and arguments; no per-line context or counters.
            e.setWithFormattedMessage(true);
            e.setWithMessage(false);
            e.setWithArguments(false);
            e.setWithContext(false);
            e.setWithSequenceNumber(false);
            e.setWithNanoseconds(false);
            e.start();
            return e;
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(pattern);
        e.start();
        return e;
    }

    private static Appender<ILoggingEvent> rolling(LoggerContext ctx, Path file, Encoder<ILoggingEvent> encoder) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setFile(file.toString());
        a.setEncoder(encoder);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(a);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf("50MB"));
        policy.setMaxHistory(14);
        policy.start();
        a.setRollingPolicy(policy);
        a.start();
        return a;
    }
}
