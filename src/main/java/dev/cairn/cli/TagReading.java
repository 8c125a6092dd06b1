package dev.cairn.cli;

import dev.cairn.catalog.Metadata;
import dev.cairn.catalog.TagSource;

/** How the CLI and the node read a file's own metadata. */
final class TagReading {
    static final TagSource SOURCE = file -> Metadata.NONE;

    private TagReading() {}
}
