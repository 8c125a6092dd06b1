package dev.cairn.keys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys whose manifests are accepted, by key id, and where they came from, which rejections
 * name so that "untrusted" says what it was checked against.
 */
public final class TrustedKeys {
    private final Map<String, String> keys; // key id -> where it was found
    private final String source;

    private TrustedKeys(Map<String, String> keys, String source) {
        this.keys = Map.copyOf(keys);
        this.source = source;
    }

    /** No key at all; {@code why} says why there are none (for the rejection message). */
    public static TrustedKeys none(String why) {
        return new TrustedKeys(Map.of(), why);
    }

    public static TrustedKeys of(Collection<PublicKey> keys, String source) {
        Map<String, String> m = new TreeMap<>();
        for (PublicKey k : keys) m.put(KeyIds.of(k), source);
        return new TrustedKeys(m, source);
    }

    /** Every {@code *.pub} file in {@code dir} (not its subdirectories); a file that is not an Ed25519 public key is an error naming it. */
    public static TrustedKeys fromDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) throw new NoSuchFileException(dir.toString(), null, "no such directory of trusted keys");
        if (!Files.isDirectory(dir)) throw new NotDirectoryException(dir.toString());
        Map<String, String> m = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) continue;
                try {
                    m.putIfAbsent(KeyIds.of(KeyFiles.readPublic(f)), f.toString());
                } catch (IOException e) {
                    throw new IOException("trusted key " + e.getMessage().replaceFirst("^key ", ""), e);
                }
            }
        }
        return new TrustedKeys(m, m.isEmpty() ? "there are no .pub files in " + dir : "the " + m.size() + " key(s) in " + dir);
    }

    public boolean trusts(String keyId) {
        return keys.containsKey(keyId);
    }

    /** Where {@code keyId} was found (a file name), or null if it is not trusted. */
    public String origin(String keyId) {
        return keys.get(keyId);
    }

    /** The trusted key ids, sorted. */
    public java.util.SortedSet<String> ids() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(keys.keySet()));
    }

    public int size() {
        return keys.size();
    }

    /** What was checked ("the 2 key(s) in DIR"), or, with no key, why there is none. */
    public String source() {
        return source;
    }
}
