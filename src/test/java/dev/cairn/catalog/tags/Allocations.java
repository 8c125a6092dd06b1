package dev.cairn.catalog.tags;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Bytes allocated on the current thread while reading a file: the in-process check that a read never loads the file. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    record Measured(AudioTags tags, long bytes) {}

    static Measured read(Path file) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        AudioTags tags = TagReader.read(file);
        return new Measured(tags, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
}
