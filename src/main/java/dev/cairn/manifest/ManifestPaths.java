package dev.cairn.manifest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * File paths inside manifests: relative, '/'-separated, with no '.', '..' or empty segments, so
 * that whoever writes the files out of a manifest cannot be led outside the directory it chose.
 */
public final class ManifestPaths {
    static final int MAX_LENGTH = 4096;

    private ManifestPaths() {}

    /** A file to put in a manifest: its path there and where it is on disk. */
    public record Source(String path, Path file) {}

    /** What is wrong with {@code path} as a manifest path, or null when nothing is. */
    public static String problem(String path) {
        if (path.isEmpty()) return "is empty";
        if (path.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
        if (path.startsWith("/")) return "is absolute";
        if (path.indexOf('\\') >= 0) return "contains a backslash (the separator is '/')";
        if (path.chars().anyMatch(Character::isISOControl)) return "contains a control character";
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) return "has an empty segment";
            if (segment.equals("..")) return "contains '..'";
            if (segment.equals(".")) return "contains '.'";
        }
        return null;
    }

    /**
     * The regular files named by {@code args}, each directory walked recursively, with paths relative
     * to each argument's parent ({@code photos/2024/a.jpg} for the argument {@code photos}), sorted.
     * Entries whose names start with a dot are left out unless {@code hidden}; so are symbolic links
     * met inside directories (an argument that is a link is followed).
     */
    public static List<Source> collect(List<Path> args, boolean hidden) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (Path arg : args) {
            Path absolute = arg.toAbsolutePath().normalize();
            Path base = absolute.getParent();
            if (base == null) throw new IOException("cannot make a manifest of " + arg + ": a path inside it is needed");
            if (Files.isRegularFile(absolute)) {
                sources.add(source(base, absolute, arg));
            } else if (Files.isDirectory(absolute)) {
                walk(absolute, base, hidden, arg, sources);
            } else if (!Files.exists(absolute)) {
                throw new NoSuchFileException(arg.toString());
            } else {
                throw new IOException(arg + " is neither a regular file nor a directory");
            }
        }
        Map<String, Path> seen = new HashMap<>();
        for (Source s : sources) {
            Path before = seen.putIfAbsent(s.path(), s.file());
            if (before != null) {
                throw new IOException("both " + before + " and " + s.file() + " would be '" + s.path() + "' in the manifest");
            }
        }
        if (sources.isEmpty()) throw new IOException("no files to put in the manifest in " + args);
        sources.sort(Comparator.comparing(Source::path));
        return sources;
    }

    private static void walk(Path root, Path base, boolean hidden, Path arg, List<Source> out) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && skip(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !skip(file)) out.add(source(base, file, arg));
                return FileVisitResult.CONTINUE;
            }

            private boolean skip(Path p) {
                return !hidden && p.getFileName().toString().startsWith(".");
            }
        });
    }

    private static Source source(Path base, Path file, Path arg) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path part : base.relativize(file)) parts.add(part.toString());
        String path = String.join("/", parts);
        String problem = problem(path);
        if (problem != null) throw new IOException("cannot put " + file + " (from " + arg + ") in a manifest: its path '" + path + "' " + problem);
        if (!Files.isReadable(file)) throw new java.nio.file.AccessDeniedException(file.toString());
        return new Source(path, file);
    }
}
