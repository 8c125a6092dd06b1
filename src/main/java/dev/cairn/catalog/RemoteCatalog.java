package dev.cairn.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.catalog.LibraryChanges.Change;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.Multihash;
import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Our copies of peers' libraries ({@code remote_items}), kept up to date from their change feeds
 * ({@link LibraryChanges}), and the network's library: ours and theirs as one list, one entry per
 * CID, searched the same way as {@link Catalog#list}.
 */
public final class RemoteCatalog {
    private static final String COLUMNS = ItemRows.columns("");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Database db;

    public RemoteCatalog(Database db) {
        this.db = db;
    }

    /** How far our copy of a peer's library goes: its epoch and the last change applied. */
    public record RemoteLibrary(String peerId, String epoch, long seq) {}

    public Optional<RemoteLibrary> cursor(String peerId) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT epoch, seq FROM remote_libraries WHERE peer_id = ?")) {
                ps.setString(1, peerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new RemoteLibrary(peerId, rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the library cursor of peer " + peerId + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Applies a batch of a peer's changes and moves its cursor to {@code next}, all or nothing.
     * A new epoch means the peer's database was recreated, so our copy is dropped first; the
     * batch must then be read from sequence 0. Changes at or below the cursor of the same epoch
     * are already in the copy and skipped, so a batch applied twice, or late, changes nothing.
     */
    public void apply(String peerId, String epoch, List<Change> changes, long next) throws IOException {
        requireName("peer id", peerId);
        requireName("epoch", epoch);
        if (next < 0) throw new IllegalArgumentException("next must not be negative, got " + next);
        String upsert = "INSERT INTO remote_items (peer_id, " + COLUMNS + ") VALUES (?, " + ItemRows.placeholders() + ") "
                + "ON CONFLICT (peer_id, cid) DO UPDATE SET " + ItemRows.updateFromExcluded();
        synchronized (db) {
            transaction("apply the library changes of peer " + peerId, c -> {
                RemoteLibrary cursor = cursor(peerId).orElse(null);
                boolean sameEpoch = cursor != null && cursor.epoch().equals(epoch);
                long applied = sameEpoch ? cursor.seq() : 0;
                if (!sameEpoch) deleteItems(c, peerId);
                try (PreparedStatement put = c.prepareStatement(upsert);
                        PreparedStatement delete = c.prepareStatement("DELETE FROM remote_items WHERE peer_id = ? AND cid = ?")) {
                    for (Change change : changes) {
                        if (change.seq() <= applied) continue;
                        if (change.deleted()) {
                            delete.setString(1, peerId);
                            delete.setString(2, change.cid().toString());
                            delete.executeUpdate();
                        } else {
                            put.setString(1, peerId);
                            ItemRows.bind(put, 2, change.item());
                            put.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO remote_libraries (peer_id, epoch, seq) VALUES (?, ?, ?) "
                        + "ON CONFLICT (peer_id) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq")) {
                    ps.setString(1, peerId);
                    ps.setString(2, epoch);
                    ps.setLong(3, Math.max(applied, next));
                    ps.executeUpdate();
                }
            });
        }
    }

    /** Drops our copy of a peer's library and its cursor, as if we had never read it. */
    public void forget(String peerId) throws IOException {
        synchronized (db) {
            transaction("forget the library of peer " + peerId, c -> {
                deleteItems(c, peerId);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM remote_libraries WHERE peer_id = ?")) {
                    ps.setString(1, peerId);
                    ps.executeUpdate();
                }
            });
        }
    }

    /** How many items the peer offers, as far as our copy knows. */
    public long count(String peerId) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT count(*) FROM remote_items WHERE peer_id = ?")) {
                ps.setString(1, peerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot count the items of peer " + peerId + ": " + e.getMessage(), e);
            }
        }
    }

    /** The whole-file SHA-256 of every item the peer offers (seed 002's available_tracks), sorted. */
    public List<String> hashes(String peerId) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT DISTINCT sha256 FROM remote_items WHERE peer_id = ? ORDER BY sha256")) {
                ps.setString(1, peerId);
                List<String> out = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            } catch (SQLException e) {
                throw new IOException("cannot read the items of peer " + peerId + ": " + e.getMessage(), e);
            }
        }
    }

    /** The peers offering this content, whichever CID version they listed it under, sorted. */
    public List<String> holders(Cid cid) throws IOException {
        List<String> forms = forms(cid);
        String sql = "SELECT DISTINCT peer_id FROM remote_items WHERE cid IN (" + parameters(forms) + ") ORDER BY peer_id";
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                for (int i = 0; i < forms.size(); i++) ps.setString(i + 1, forms.get(i));
                List<String> peers = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) peers.add(rs.getString(1));
                }
                return peers;
            } catch (SQLException e) {
                throw new IOException("cannot find the holders of " + cid + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A peer's item by CID (any version) or whole-file SHA-256 (64 hex digits); when several
     * peers list it, the most recently updated metadata.
     */
    public Optional<Item> find(String id) throws IOException {
        String order = " ORDER BY updated_at DESC, peer_id LIMIT 1";
        if (ContentHash.isSha256(id)) {
            return first("SELECT " + COLUMNS + " FROM remote_items WHERE sha256 = ?" + order, List.of(id.toLowerCase(Locale.ROOT)));
        }
        List<String> forms = forms(Cid.parse(id));
        return first("SELECT " + COLUMNS + " FROM remote_items WHERE cid IN (" + parameters(forms) + ")" + order, forms);
    }

    /**
     * An entry of the network's library: the item (our metadata when we have it, else the most
     * recently updated peer's), whether we have it, and every peer offering it, sorted.
     */
    public record NetworkItem(Item item, boolean local, List<String> peers) {
        public NetworkItem {
            peers = List.copyOf(peers);
        }
    }

    /** A page of the network's library and how many entries match in all. */
    public record NetworkPage(List<NetworkItem> items, long total) {
        public NetworkPage {
            items = List.copyOf(items);
        }
    }

    /**
     * Our library and our copies of peers' libraries as one, one entry per CID text, filtered,
     * searched and paged as {@link Catalog#list} does (newest first, then by CID). Filters and
     * search apply to the metadata shown, so an entry never matches for words it does not show.
     */
    public NetworkPage list(CatalogQuery q) throws IOException {
        ItemFilter local = ItemFilter.of(q, "l", "items_fts");
        ItemFilter remote = ItemFilter.of(q, "r", "remote_items_fts");
        // each CID's shown row: ours if we have it, else the peer copy the database marks preferred
        String shown = "WITH shown (local, " + COLUMNS + ") AS ("
                + "SELECT 1, " + ItemRows.columns("l") + " FROM items l WHERE 1=1" + local.sql()
                + " UNION ALL SELECT 0, " + ItemRows.columns("r") + " FROM remote_items r"
                + " WHERE r.preferred = 1 AND NOT EXISTS (SELECT 1 FROM items i WHERE i.cid = r.cid)" + remote.sql() + ") ";
        // the peers are looked up for the page's rows only, after the sort and limit
        String page = shown + "SELECT p.*, (SELECT json_group_array(h.peer_id) FROM remote_items h WHERE h.cid = p.cid) "
                + "FROM (SELECT * FROM shown ORDER BY created_at DESC, cid LIMIT ? OFFSET ?) p ORDER BY p.created_at DESC, p.cid";
        synchronized (db) {
            try {
                long total;
                try (PreparedStatement ps = db.connection().prepareStatement(shown + "SELECT count(*) FROM shown")) {
                    remote.bind(ps, local.bind(ps, 1));
                    try (ResultSet rs = ps.executeQuery()) {
                        total = rs.getLong(1);
                    }
                }
                List<NetworkItem> items = new ArrayList<>();
                try (PreparedStatement ps = db.connection().prepareStatement(page)) {
                    int next = remote.bind(ps, local.bind(ps, 1));
                    ps.setInt(next, q.limit());
                    ps.setInt(next + 1, q.offset());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            List<String> peers = new ArrayList<>(ItemRows.readJson(rs.getString(ItemRows.COUNT + 2), STRINGS));
                            peers.sort(null);
                            items.add(new NetworkItem(ItemRows.read(rs, 2), rs.getInt(1) != 0, peers));
                        }
                    }
                }
                return new NetworkPage(items, total);
            } catch (SQLException e) {
                throw new IOException("cannot list the network's items: " + e.getMessage(), e);
            }
        }
    }

    /** The texts this content may be listed under: as given, as CIDv1 and, for dag-pb sha2-256, as CIDv0. */
    private static List<String> forms(Cid cid) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(cid.toString());
        Cid v1 = cid.toV1();
        forms.add(v1.toString());
        if (v1.codec() == Codec.DAG_PB && v1.multihash().code() == Multihash.SHA2_256) forms.add(Cid.v0(v1.multihash()).toString());
        return List.copyOf(forms);
    }

    private static String parameters(List<String> values) {
        return String.join(", ", values.stream().map(v -> "?").toList());
    }

    private static void deleteItems(Connection c, String peerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM remote_items WHERE peer_id = ?")) {
            ps.setString(1, peerId);
            ps.executeUpdate();
        }
    }

    private Optional<Item> first(String sql, List<String> args) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(ItemRows.read(rs, 1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IOException("cannot read remote items: " + e.getMessage(), e);
            }
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException, IOException;
    }

    /** Runs {@code work} in one transaction; the caller holds the database's lock. */
    private void transaction(String what, Work work) throws IOException {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " must not be empty");
    }
}
