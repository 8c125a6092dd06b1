package dev.cairn.content;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a UnixFS DAG out to the local file system ({@code cairn get}). Entry names come from
 * the DAG, which may be hostile: each is checked, and nothing is ever created through an
 * existing path, so a crafted directory cannot write outside the output folder.
 */
public final class PathExporter {
    private final BlockSource source;

    public PathExporter(BlockSource source) {
        this.source = source;
    }

    /** Writes {@code root} to {@code out}: a file replaces an existing file atomically; a directory must not exist yet. */
    public long export(Cid root, Path out) throws IOException {
        UnixFsNode node = UnixFsNode.decode(root, source.get(root));
        if (node.isDirectory()) {
            if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(out.toString(), null, "already exists; remove it or choose another -o");
            }
            return directory(node, out);
        }
        return replaceFile(out, os -> DagReader.open(source, root, 0, Long.MAX_VALUE).writeTo(os));
    }

    /** Writes the bytes of a file. */
    @FunctionalInterface
    public interface FileWriter {
        /** Writes the whole file to {@code out}; returns how many bytes. */
        long writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file beside {@code out} and moves it into place at the end, so that {@code out}
     * is either what it was or the whole new file, never a part of one. An {@code out} that is
     * there and not a file (a device such as {@code /dev/null}, a named pipe) is written to
     * where it is, as curl and wget do: moving a file over it would replace the device itself.
     */
    public static long replaceFile(Path out, FileWriter writer) throws IOException {
        return replaceFile(out, channel -> writer.writeTo(java.nio.channels.Channels.newOutputStream(channel)), writer);
    }

    /** Writes the bytes of a file through a channel, at any positions. */
    @FunctionalInterface
    public interface PositionalWriter {
        /** Writes the whole file into {@code out} (empty, from offset 0); returns how many bytes. */
        long writeTo(FileChannel out) throws IOException;
    }

    /**
     * As {@link #replaceFile(Path, FileWriter)}, with the new file written by {@code positional}
     * (in any order); an {@code out} that is not a file is written where it is, in order, by
     * {@code inOrder}.
     */
    public static long replaceFile(Path out, PositionalWriter positional, FileWriter inOrder) throws IOException {
        if (Files.isDirectory(out)) throw new FileAlreadyExistsException(out.toString(), null, "is a directory");
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            try (OutputStream os = Files.newOutputStream(out, StandardOpenOption.WRITE)) {
                return inOrder.writeTo(os);
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, "." + out.getFileName(), ".part");
        try {
            long n;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                n = positional.writeTo(channel);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private long directory(UnixFsNode dir, Path out) throws IOException {
        if (dir.type() == UnixFs.Type.HAMT_SHARD) throw new IOException(dir.cid() + " is a HAMT-sharded directory, not supported yet");
        Files.createDirectory(out);
        long total = 0;
        Set<String> names = new HashSet<>();
        for (PbLink link : dir.links()) {
            String name = link.name() == null ? "" : link.name();
            UnixFsDirectory.checkName(name);
            if (!names.add(name)) throw new IOException("directory " + dir.cid() + " lists '" + name + "' twice");
            Path target = out.resolve(name);
            UnixFsNode child = UnixFsNode.decode(link.cid(), source.get(link.cid()));
            if (child.isDirectory()) {
                total += directory(child, target);
            } else if (child.type() == UnixFs.Type.SYMLINK) {
                Files.createSymbolicLink(target, Path.of(new String(child.data(), StandardCharsets.UTF_8)));
            } else {
                try (OutputStream os = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    total += DagReader.open(source, link.cid(), 0, Long.MAX_VALUE).writeTo(os);
                }
            }
        }
        return total;
    }
}
