package dev.cairn.cli;

import java.util.ArrayList;
import java.util.List;
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
        return commandLine(new CairnCommand(), args).execute(args);
    }

    /**
     * The command line as {@link #run} uses it for {@code args}: converters and error handling
     * around {@code root}, and of the subcommands only the one {@code args} names, or all of
     * them when it names none or an unknown one (help, usage errors, suggestions). Picocli
     * builds each subcommand's model by reflection, mostly in the interpreter this early, so
     * building all twenty cost every command about 0.07 s of start-up (measured when picocli
     * still came as its Java 5 jar).
     */
    static CommandLine commandLine(CairnCommand root, String... args) {
        CommandLine cli = new CommandLine(root);
        String named = subcommandIn(args);
        List<CommandLine> subcommands = new ArrayList<>();
        for (Class<?> c : CairnCommand.SUBCOMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            if (named == null || named.equals(name)) subcommands.add(new CommandLine(c));
        }
        if (subcommands.isEmpty()) {
            for (Class<?> c : CairnCommand.SUBCOMMANDS) subcommands.add(new CommandLine(c));
        }
        for (CommandLine sub : subcommands) cli.addSubcommand(sub);
        return cli.registerConverter(dev.cairn.content.Cid.class, new CidConverter())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(ErrorHandler::usage);
    }

    /** The first word of {@code args} that is neither an option nor the value of --data-dir; null if none, or for help. */
    private static String subcommandIn(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data-dir")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a.equals("help") ? null : a;
            }
        }
        return null;
    }
}
