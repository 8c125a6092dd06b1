package dev.cairn.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;

/**
 * {@code --password} and {@code --password-env VAR}, the ways to give a key's password: typed at
 * a prompt, or read from an environment variable (automation). Without a terminal, a bare
 * {@code --password} reads {@value #DEFAULT_ENV}.
 */
final class PasswordOptions {
    static final String DEFAULT_ENV = "CAIRN_KEY_PASSWORD";

    /** What {@link Ask} stores for a bare --password: prompt (or read DEFAULT_ENV) when the command runs. */
    private static final char[] ASK = new char[0];

    // interactive: picocli masks the value in its traces. Arity 0..1 lets --password stand alone, but picocli
    // would then take a following argument (a PATH of manifest create) as the password; Ask stops that.
    @CommandLine.Option(names = "--password", arity = "0..1", interactive = true, paramLabel = "PASSWORD", preprocessor = Ask.class,
            description = "Ask for the key's password on the terminal (without one: read $" + DEFAULT_ENV + ").")
    char[] password;

    @CommandLine.Option(names = "--password-env", paramLabel = "VAR", description = "Read the key's password from environment variable VAR.")
    String passwordEnv;

    /**
     * The password the options give, or null when neither was given. {@code what} names the key in
     * the prompt; {@code confirm} asks twice (for a new key, where a typo would lock it for good).
     */
    char[] resolve(CommandLine.Model.CommandSpec spec, String what, boolean confirm) {
        Map<String, String> env = CairnCommand.env(spec);
        if (password != null && passwordEnv != null) throw new ErrorHandler.UsageException("give --password or --password-env, not both");
        if (passwordEnv != null) {
            String value = env.get(passwordEnv);
            if (value == null) throw new IllegalArgumentException("--password-env: environment variable " + passwordEnv + " is not set");
            return value.toCharArray();
        }
        if (password == null) return null;
        if (password != ASK) return password; // --password=VALUE
        Console console = System.console();
        if (console != null && console.isTerminal()) return prompt(console, what, confirm);
        String value = env.get(DEFAULT_ENV);
        if (value == null) {
            throw new IllegalArgumentException("--password: there is no terminal to ask on; set " + DEFAULT_ENV
                    + " or use --password-env VAR");
        }
        return value.toCharArray();
    }

    /** The key pair in the private key file {@code key}, asking for its password only as these options say. */
    java.security.KeyPair readPrivateKey(CommandLine.Model.CommandSpec spec, java.nio.file.Path key) throws java.io.IOException {
        char[] pw = resolve(spec, "key " + key, false);
        try {
            return dev.cairn.keys.KeyFiles.readPrivate(key, pw);
        } finally {
            if (pw != null) Arrays.fill(pw, '\0');
        }
    }

    private static char[] prompt(Console console, String what, boolean confirm) {
        char[] first = console.readPassword("Password for %s: ", what);
        if (first == null) throw new IllegalArgumentException("no password was entered");
        if (confirm) {
            char[] again = console.readPassword("Repeat the password: ");
            boolean same = Arrays.equals(first, again);
            if (again != null) Arrays.fill(again, '\0');
            if (!same) throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }

    /**
     * Takes a bare {@code --password} as a flag: the prompt happens when the command runs, never
     * swallowing the next argument; {@code --password=VALUE} is left to picocli.
     */
    static final class Ask implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandLine.Model.CommandSpec spec, CommandLine.Model.ArgSpec arg,
                Map<String, Object> info) {
            // picocli reports " " for an option standing alone, "=" (or "") when a value is attached to it
            if (!" ".equals(info.get("separator"))) return false;
            arg.setValue(ASK);
            return true;
        }
    }
}
