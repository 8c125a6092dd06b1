package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "manifest", description = "Signed content manifests: named, versioned lists of files by CID (docs/MANIFESTS.md).",
        subcommands = {ManifestCreateCommand.class, ManifestVerifyCommand.class, ManifestPublishCommand.class,
                ManifestFetchCommand.class, CommandLine.HelpCommand.class})
final class ManifestCommand {}
