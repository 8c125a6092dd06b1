package dev.cairn.keys;

import java.io.IOException;
import java.nio.file.Path;

/** A private key that needs a password that was not given, or was given wrong. */
public final class KeyPasswordException extends IOException {
    public enum Problem { MISSING, WRONG }

    private final Problem problem;
    private final transient Path file;

    KeyPasswordException(Problem problem, Path file) {
        super(problem == Problem.MISSING
                ? "key " + file + " is encrypted: give its password with --password or --password-env VAR"
                : "wrong password for key " + file);
        this.problem = problem;
        this.file = file;
    }

    public Problem problem() {
        return problem;
    }

    public Path file() {
        return file;
    }
}
