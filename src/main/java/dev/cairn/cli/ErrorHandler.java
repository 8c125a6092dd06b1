package dev.cairn.cli;

import dev.cairn.config.ConfigException;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Every failure becomes one line on stderr, {@code cairn: <what went wrong>}, and exit code 1;
 * usage errors get exit code 2. Stack traces only with {@code CAIRN_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException) {
            err.println("cairn: " + e.getMessage());
            return USAGE;
        }
        err.println("cairn: " + describe(e));
        if ("1".equals(System.getenv("CAIRN_DEBUG"))) e.printStackTrace(err);
        err.flush();
        return FAILURE;
    }

    static int usage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("cairn: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        return USAGE;
    }

    static String describe(Throwable e) {
        return switch (e) {
            case NoSuchFileException f -> f.getFile() + ": no such file or directory";
            case AccessDeniedException f -> f.getFile() + ": permission denied";
            case FileAlreadyExistsException f -> f.getFile() + ": " + (f.getReason() == null ? "already exists" : f.getReason());
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() == null ? f.getMessage() : f.getReason());
            case BlockNotFoundException b -> b.getMessage();
            case BlockMismatchException b -> b.getMessage();
            case ConfigException c -> "config: " + c.getMessage();
            case IOException io when io.getMessage() != null -> io.getMessage();
            case IllegalArgumentException ia when ia.getMessage() != null -> ia.getMessage();
            default -> "internal error: " + e + " (set CAIRN_DEBUG=1 for details)";
        };
    }

    /** A command line that parses but makes no sense (for example --length without a CID that is a file). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
