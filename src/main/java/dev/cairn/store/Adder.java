package dev.cairn.store;

import dev.cairn.content.Cid;
import dev.cairn.content.DagNode;
import dev.cairn.content.FileImporter;
import dev.cairn.content.PathImporter;
import dev.cairn.content.UnixFsDirectory;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/** Imports local paths into a repository's batch and reports what it made. */
final class Adder {
    private Adder() {}

    /** Checks every path before anything is written, so a typo costs nothing. */
    static long checkPaths(List<Path> paths, boolean recursive) throws IOException {
        long total = 0;
        for (Path p : paths) {
            if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "no such file or directory");
            if (Files.isDirectory(p)) {
                if (!recursive) throw new IllegalArgumentException(p + " is a directory; use -r to add it recursively");
                total += treeSize(p);
            } else {
                if (!Files.isReadable(p)) throw new java.nio.file.AccessDeniedException(p.toString(), null, "permission denied");
                total += Files.size(p);
            }
        }
        return total;
    }

    private static long treeSize(Path dir) throws IOException {
        long[] sum = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) sum[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }

    static AddResult run(List<Path> paths, AddOptions options, WriteBatch batch, LongConsumer progress) throws IOException {
        List<AddResult.Entry> entries = new ArrayList<>();
        PathImporter importer = new PathImporter(options.profile(), batch, options.includeHidden(), new PathImporter.Listener() {
            @Override
            public void file(Path path, FileImporter.Result r) {
                entries.add(new AddResult.Entry(path, name(path), r.cid(), r.sha256(), r.size(), false));
            }

            @Override
            public void directory(Path path, DagNode node) {
                entries.add(new AddResult.Entry(path, name(path), node.cid(), null, node.tsize(), true));
            }

            @Override
            public void progress(long bytes) {
                progress.accept(bytes);
            }
        });
        List<Cid> roots = new ArrayList<>();
        List<UnixFsDirectory.Entry> wrapped = new ArrayList<>();
        for (Path p : paths) {
            DagNode node = importer.importPath(p, options.recursive());
            roots.add(node.cid());
            wrapped.add(new UnixFsDirectory.Entry(name(p), node));
        }
        if (options.wrap()) {
            DagNode wrapper = importer.wrap(wrapped);
            entries.add(new AddResult.Entry(null, "", wrapper.cid(), null, wrapper.tsize(), true));
            roots.add(wrapper.cid());
        }
        return new AddResult(entries, roots);
    }

    private static String name(Path p) {
        Path n = p.toAbsolutePath().normalize().getFileName();
        return n == null ? "" : n.toString();
    }
}
