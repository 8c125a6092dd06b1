package dev.cairn.cli;

import picocli.CommandLine;

/** The version built into the jar by Maven resource filtering. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cairn " + dev.cairn.Version.current() + " (Java " + Runtime.version() + ")"};
    }
}
