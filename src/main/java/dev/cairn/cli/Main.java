package dev.cairn.cli;

import picocli.CommandLine;

/** The {@code cairn} command's entry point: parse, run, map errors to one line and an exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = ErrorHandler.FAILURE;
        try {
            code = run(args);
        } finally {
            // Exit even after an Error: a non-daemon server thread must not keep a failed node alive.
            System.exit(code);
        }
    }

    /** Runs one command line; returns 0 ok, 1 failure, 2 usage. */
    public static int run(String... args) {
        return commandLine(new CairnCommand()).execute(args);
    }

    /** The command line as {@link #run} uses it: converters and error handling around {@code root}. */
    static CommandLine commandLine(CairnCommand root) {
        return new CommandLine(root)
                .registerConverter(dev.cairn.content.Cid.class, new CidConverter())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(ErrorHandler::usage);
    }
}
