package dev.cairn.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Imports files and directory trees from the local file system into UnixFS, as {@code ipfs add}
 * does: files become file DAGs, directories plain UnixFS directories (children first),
 * symbolic links inside a tree become UnixFS symlinks, hidden entries are skipped unless asked.
 */
public final class PathImporter {
    /** Told about each file and directory as it is finished, children before parents. */
    public interface Listener {
        void file(Path path, FileImporter.Result result);

        void directory(Path path, DagNode node);

        /** Total file bytes read so far across the whole import. */
        default void progress(long bytes) {}
    }

    private final ImportProfile profile;
    private final BlockSink sink;
    private final boolean includeHidden;
    private final Listener listener;
    private long bytesBefore;

    public PathImporter(ImportProfile profile, BlockSink sink, boolean includeHidden, Listener listener) {
        this.profile = profile;
        this.sink = sink;
        this.includeHidden = includeHidden;
        this.listener = listener;
    }

    /** Imports {@code path}; a directory needs {@code recursive}. A top-level symlink is followed. */
    public DagNode importPath(Path path, boolean recursive) throws IOException {
        if (Files.isDirectory(path)) {
            if (!recursive) throw new IllegalArgumentException(path + " is a directory; use -r to add it recursively");
            return directory(path);
        }
        return file(path);
    }

    /** A directory node holding {@code entries}, for {@code --wrap}. */
    public DagNode wrap(List<UnixFsDirectory.Entry> entries) throws IOException {
        return UnixFsDirectory.write(entries, profile.cidVersion(), sink);
    }

    private DagNode file(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            throw new IOException(path + " is not a regular file");
        }
        final long base = bytesBefore;
        LongConsumer progress = n -> listener.progress(base + n);
        FileImporter.Result result;
        try (InputStream in = Files.newInputStream(path)) {
            result = FileImporter.importFile(in, profile, sink, progress);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null, "permission denied");
        }
        bytesBefore += result.size();
        listener.file(path, result);
        return result.root();
    }

    private DagNode directory(Path dir) throws IOException {
        List<UnixFsDirectory.Entry> entries = new ArrayList<>();
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) children.add(child);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(dir.toString(), null, "permission denied");
        }
        children.sort(null);
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (!includeHidden && name.startsWith(".")) continue;
            DagNode node;
            if (Files.isSymbolicLink(child)) {
                node = symlink(child);
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                node = directory(child);
            } else {
                node = file(child);
            }
            entries.add(new UnixFsDirectory.Entry(name, node));
        }
        DagNode node = UnixFsDirectory.write(entries, profile.cidVersion(), sink);
        listener.directory(dir, node);
        return node;
    }

    private DagNode symlink(Path link) throws IOException {
        byte[] target = Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
        Block block = Block.of(profile.cidVersion(), Codec.DAG_PB, DagPb.encode(List.of(), UnixFs.symlink(target).encode()));
        sink.put(block);
        return new DagNode(block.cid(), block.size(), 0);
    }
}
