package dev.cairn.catalog;

import java.nio.file.Path;

/** Reads what a file says about itself (audio tags, duration, type). Never throws for odd files. */
@FunctionalInterface
public interface TagSource {
    Metadata read(Path file);
}
