package dev.cairn.gateway;

import dev.cairn.content.ArrivingBlocks;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.BlockSource;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagReader;
import dev.cairn.content.Multihash;
import dev.cairn.content.PbLink;
import dev.cairn.content.UnixFs;
import dev.cairn.content.UnixFsNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The IPFS path and trustless gateway over a local block store, without HTTP: it turns a
 * {@link GatewayRequest} into a {@link GatewayResponse} (status, headers, body writer).
 *
 * <p>Before returning, {@link #handle} resolves the whole content path and reads the root
 * block of the terminal element, so a missing root, a missing path segment or a missing block
 * on the path is a 404 {@link GatewayException} and never a half-sent body. Blocks below the
 * terminal element are read while the body is written; see {@link GatewayResponse}.
 *
 * <p>Errors: {@link GatewayException} carries its HTTP status; {@link BlockMismatchException}
 * (a corrupt block in the store) and {@link IOException} are server errors (500).
 * Thread-safe: one instance serves concurrent requests.
 */
public final class Gateway {
    public static final String IMMUTABLE = "public, max-age=29030400, immutable";
    /** Kubo's choice for generated listings: their HTML may change with the gateway version. */
    public static final String DIRECTORY_LISTING_CACHE = "public, max-age=604800, stale-while-revalidate=2678400";

    private final BlockSource source;
    /** The same source, if its blocks may arrive while read (a node's swarm); null for a plain store. */
    private final ArrivingBlocks arriving;
    private final long maxDuplicateVisits;

    /** @param source where blocks come from (a {@code BlockStore}); it must verify what it returns */
    public Gateway(BlockSource source) {
        this(source, CarStreamer.MAX_DUPLICATE_VISITS);
    }

    Gateway(BlockSource source, long maxDuplicateVisits) {
        // Identity CIDs carry their block: never ask the store for them.
        this.source = cid -> cid.isIdentity() ? cid.multihash().digest().clone() : source.get(cid);
        this.arriving = source instanceof ArrivingBlocks a ? a : null;
        this.maxDuplicateVisits = maxDuplicateVisits;
    }

    /**
     * The content path resolved: {@code cids} holds one CID per path element, the root first
     * and the terminal element last; {@code pathBlocks} the blocks of all but the last.
     */
    record Resolved(List<Cid> cids, List<byte[]> pathBlocks, byte[] terminalBlock) {
        Cid terminal() {
            return cids.getLast();
        }

        String rootsHeader() {
            return cids.stream().map(Cid::toString).collect(Collectors.joining(","));
        }
    }

    public GatewayResponse handle(GatewayRequest request) throws IOException {
        Resolved resolved = resolve(request);
        return switch (request.format()) {
            case RAW -> raw(request, resolved);
            case CAR -> car(request, resolved);
            case PLAIN -> plain(request, resolved);
        };
    }

    // ------------------------------------------------------------------ path resolution

    Resolved resolve(GatewayRequest request) throws IOException {
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        Cid cid = request.root();
        byte[] block = loadOr404(cid, "/ipfs/" + request.rootText());
        StringBuilder where = new StringBuilder("/ipfs/").append(request.rootText());
        for (String segment : request.segments()) {
            cids.add(cid);
            blocks.add(block);
            Cid next = child(cid, block, segment, where.toString());
            where.append('/').append(segment);
            block = loadOr404(next, where.toString());
            cid = next;
        }
        cids.add(cid);
        return new Resolved(List.copyOf(cids), List.copyOf(blocks), block);
    }

    private byte[] loadOr404(Cid cid, String where) throws IOException {
        try {
            return source.get(cid);
        } catch (BlockNotFoundException e) {
            throw new GatewayException(404, GatewayException.NOT_FOUND, "block " + cid + " (" + where + ") is not on this node", e);
        }
    }

    private static Cid child(Cid parent, byte[] block, String name, String where) {
        if (parent.codec() == Codec.RAW) {
            throw GatewayException.notFound("no link named '" + name + "' under " + where + ": it is a raw block (a file)");
        }
        if (parent.codec() != Codec.DAG_PB) {
            throw GatewayException.notImplemented("cannot follow '" + name + "' under " + where + ": pathing into "
                    + Codec.name(parent.codec()) + " is not implemented");
        }
        UnixFsNode node;
        try {
            node = UnixFsNode.decode(parent, block);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(404, GatewayException.NOT_FOUND,
                    "cannot follow '" + name + "' under " + where + ": " + e.getMessage(), e);
        }
        if (node.type() == UnixFs.Type.HAMT_SHARD) {
            throw GatewayException.notImplemented("cannot follow '" + name + "' under " + where
                    + ": HAMT-sharded directories are not supported yet (ask for the directory itself with ?format=car)");
        }
        if (node.type() != UnixFs.Type.DIRECTORY) {
            throw GatewayException.notFound("no link named '" + name + "' under " + where + ": it is a "
                    + node.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a directory");
        }
        for (PbLink link : node.links()) {
            if (name.equals(link.name())) return link.cid();
        }
        throw GatewayException.notFound("no link named '" + name + "' under " + where);
    }

    // ------------------------------------------------------------------ common headers

    private static Map<String, String> baseHeaders(GatewayRequest request, Resolved resolved) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Ipfs-Path", request.contentPath());
        h.put("X-Ipfs-Roots", resolved.rootsHeader());
        return h;
    }

    /** A 304 when {@code If-None-Match} names {@code etag} (weak comparison, or '*'), else null. */
    private static GatewayResponse notModified(GatewayRequest request, Map<String, String> headers) {
        String etag = headers.get("Etag");
        if (request.ifNoneMatch() == null || etag == null || !etagMatches(request.ifNoneMatch(), etag)) return null;
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : List.of("Etag", "Cache-Control", "X-Ipfs-Path", "X-Ipfs-Roots", "Content-Location")) {
            if (headers.containsKey(name)) h.put(name, headers.get(name));
        }
        return new GatewayResponse(304, h, null, -1, null);
    }

    static boolean etagMatches(String ifNoneMatch, String etag) {
        String want = stripWeak(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || stripWeak(c).equals(want)) return true;
        }
        return false;
    }

    private static String stripWeak(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    private static GatewayResponse respond(GatewayRequest request, int status, Map<String, String> headers,
            GatewayResponse.Body body, long length, GatewayResponse.FileContent file) {
        GatewayResponse notModified = notModified(request, headers);
        if (notModified != null) return notModified;
        return new GatewayResponse(status, headers, request.head() ? null : body, length, file);
    }

    // ------------------------------------------------------------------ raw block

    private GatewayResponse raw(GatewayRequest request, Resolved resolved) {
        Cid cid = resolved.terminal();
        byte[] block = resolved.terminalBlock();
        Map<String, String> h = baseHeaders(request, resolved);
        h.put("Content-Type", ResponseFormat.RAW.mediaType());
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Cache-Control", IMMUTABLE);
        h.put("Etag", "\"" + cid + ".raw\"");
        h.put("Content-Disposition", Text.contentDisposition("attachment",
                request.filename() != null ? request.filename() : cid + ".bin"));
        if (request.contentLocation() != null) h.put("Content-Location", request.contentLocation());
        return respond(request, 200, h, out -> out.write(block), block.length, null);
    }

    // ------------------------------------------------------------------ CAR

    private GatewayResponse car(GatewayRequest request, Resolved resolved) {
        CarStreamer.Selection selection = selection(request, resolved);
        Map<String, String> h = baseHeaders(request, resolved);
        h.put("Content-Type", request.car().contentType());
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Cache-Control", IMMUTABLE);
        h.put("Etag", carEtag(request));
        String name = request.filename();
        if (name == null) {
            name = request.root().toString();
            if (!request.segments().isEmpty()) name += "_" + request.segments().getLast();
            name += ".car";
        }
        h.put("Content-Disposition", Text.contentDisposition("attachment", name));
        h.put("Accept-Ranges", "none");
        if (request.contentLocation() != null) h.put("Content-Location", request.contentLocation());
        // order=unk, dups=n: a whole DAG still being fetched goes out as its blocks come (CarStreamer)
        ArrivingBlocks asTheyCome = request.car().order().equals("unk") && !request.car().duplicates() ? arriving : null;
        GatewayResponse.Body body = out -> new CarStreamer(source, request.car().duplicates(), maxDuplicateVisits)
                .arrivingFrom(asTheyCome).write(out, resolved, selection);
        return respond(request, 200, h, body, -1, null);
    }

    /** Decides, from the terminal block alone, which blocks under it the CAR carries. */
    private static CarStreamer.Selection selection(GatewayRequest request, Resolved resolved) {
        switch (request.scope()) {
            case BLOCK:
                return new CarStreamer.OnlyBlock();
            case ALL:
                return new CarStreamer.All();
            case ENTITY:
            default:
                break;
        }
        Cid cid = resolved.terminal();
        UnixFsNode node;
        try {
            node = UnixFsNode.decode(cid, resolved.terminalBlock());
        } catch (IllegalArgumentException e) {
            return new CarStreamer.OnlyBlock(); // not UnixFS: the entity is the block (as Kubo)
        }
        if (node.isFile()) {
            EntityBytes range = request.entityBytes() == null ? EntityBytes.ALL : request.entityBytes();
            long size = node.contentSize();
            EntityBytes.Span span = range.resolve(size);
            if (span == null) {
                // An empty range, or one outside the file: the root block lets the client see the size.
                return size == 0 && range.equals(EntityBytes.ALL) ? new CarStreamer.FileRange(node, null) : new CarStreamer.OnlyBlock();
            }
            return new CarStreamer.FileRange(node, span.first() == 0 && span.last() == size - 1 ? null : span);
        }
        if (node.type() == UnixFs.Type.HAMT_SHARD) {
            try {
                CarStreamer.subShards(cid, resolved.terminalBlock());
                return new CarStreamer.HamtShards();
            } catch (IllegalArgumentException e) {
                return new CarStreamer.OnlyBlock();
            }
        }
        return new CarStreamer.OnlyBlock(); // a plain directory, a symlink: one node
    }

    /**
     * A weak Etag, as Kubo's: the root CID and a hash of everything that changes the CAR's
     * bytes (path, dag-scope, order, dups, entity-bytes).
     */
    static String carEtag(GatewayRequest request) {
        StringBuilder key = new StringBuilder(request.contentPath());
        if (request.scope() != DagScope.ALL) key.append("\0scope=").append(request.scope().param());
        if (!request.car().order().equals("dfs")) key.append("\0order=").append(request.car().order());
        if (request.car().duplicates()) key.append("\0dups=y");
        EntityBytes range = request.entityBytes();
        if (range != null && !range.equals(EntityBytes.ALL)) key.append("\0range=").append(range);
        MessageDigest md = Multihash.newSha256();
        byte[] digest = md.digest(key.toString().getBytes(StandardCharsets.UTF_8));
        long suffix = ByteBuffer.wrap(digest).getLong();
        return "W/\"" + request.root() + ".car." + Long.toUnsignedString(suffix, 32) + "\"";
    }

    // ------------------------------------------------------------------ plain (deserialized)

    private GatewayResponse plain(GatewayRequest request, Resolved resolved) throws IOException {
        Cid cid = resolved.terminal();
        byte[] block = resolved.terminalBlock();
        if (cid.codec() == Codec.DAG_CBOR) {
            Map<String, String> h = baseHeaders(request, resolved);
            h.put("Content-Type", "application/vnd.ipld.dag-cbor");
            h.put("Cache-Control", IMMUTABLE);
            h.put("Etag", "\"" + cid + ".dag-cbor\"");
            return respond(request, 200, h, out -> out.write(block), block.length, null);
        }
        if (cid.codec() != Codec.DAG_PB && cid.codec() != Codec.RAW) {
            throw GatewayException.notAcceptable(cid + " is " + Codec.name(cid.codec())
                    + ", which this gateway cannot deserialize; ask for ?format=raw or ?format=car");
        }
        UnixFsNode node;
        try {
            node = UnixFsNode.decode(cid, block);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(406, GatewayException.NOT_ACCEPTABLE, e.getMessage()
                    + "; ask for ?format=raw or ?format=car", e);
        }
        if (node.isDirectory()) return directory(request, resolved, node);
        if (node.type() == UnixFs.Type.SYMLINK) {
            byte[] target = node.data();
            Map<String, String> h = baseHeaders(request, resolved);
            h.put("Content-Type", "inode/symlink");
            h.put("Cache-Control", IMMUTABLE);
            h.put("Etag", "\"" + cid + "\"");
            return respond(request, 200, h, out -> out.write(target), target.length, null);
        }
        if (!node.isFile()) {
            throw GatewayException.notAcceptable(cid + " is a UnixFS " + node.type() + " node, which has no content to show");
        }
        String name = request.filename() != null ? request.filename()
                : request.segments().isEmpty() ? null : request.segments().getLast();
        return file(request, resolved, node, name, null);
    }

    private GatewayResponse file(GatewayRequest request, Resolved resolved, UnixFsNode node, String name,
            String contentType) throws IOException {
        Cid cid = node.cid();
        long size = node.contentSize();
        GatewayResponse.FileContent content = new UnixFsFile(source, cid, size);
        String type = contentType != null ? contentType : ContentTypes.byName(name);
        if (type == null) {
            byte[] head;
            try (InputStream in = content.open(0, ContentTypes.SNIFF_LENGTH)) {
                head = in.readAllBytes();
            } catch (GatewayStreamException e) {
                // Nothing is sent yet, so a missing first block can still be a 404; anything else is a 500.
                if (!(e.getCause() instanceof BlockNotFoundException)) throw e;
                throw new GatewayException(404, GatewayException.NOT_FOUND,
                        "the first block of " + cid + " is not on this node: " + e.getMessage(), e);
            }
            type = ContentTypes.sniff(head);
        }
        Map<String, String> h = baseHeaders(request, resolved);
        h.put("Content-Type", type);
        h.put("Cache-Control", IMMUTABLE);
        h.put("Etag", "\"" + cid + "\"");
        h.put("Accept-Ranges", "bytes");
        if (request.download() || request.filename() != null) {
            String disposition = request.download() ? "attachment" : "inline";
            h.put("Content-Disposition", Text.contentDisposition(disposition, name != null ? name : cid.toString()));
        }
        GatewayResponse.Body body = out -> {
            try (InputStream in = content.open(0, Long.MAX_VALUE)) {
                in.transferTo(out);
            }
        };
        return respond(request, 200, h, body, size, content);
    }

    private GatewayResponse directory(GatewayRequest request, Resolved resolved, UnixFsNode dir) throws IOException {
        if (dir.type() == UnixFs.Type.HAMT_SHARD) {
            throw GatewayException.notImplemented(dir.cid() + " is a HAMT-sharded directory: listing it is not supported yet"
                    + " (?format=car works)");
        }
        if (!request.trailingSlash()) {
            // Relative links in the listing or in index.html need the trailing slash (path gateway spec).
            String location = "/ipfs/" + GatewayRequest.encodePath(request.rootText(), request.segments(), true);
            String query = request.queryString();
            if (!query.isEmpty()) location += "?" + query;
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Location", location);
            return new GatewayResponse(301, h, null, -1, null);
        }
        for (PbLink link : dir.links()) {
            if (!"index.html".equals(link.name())) continue;
            UnixFsNode index;
            try {
                index = UnixFsNode.decode(link.cid(), source.get(link.cid()));
            } catch (BlockNotFoundException | IllegalArgumentException e) {
                break; // as Kubo: an unreadable index.html means a generated listing
            }
            if (!index.isFile()) break;
            return file(request, resolved, index, "index.html", "text/html");
        }
        byte[] html = DirectoryIndex.render(request.contentPath(), dir.cid(), dir.links(), request.segments().isEmpty());
        Map<String, String> h = baseHeaders(request, resolved);
        h.put("Content-Type", "text/html");
        h.put("Cache-Control", DIRECTORY_LISTING_CACHE);
        h.put("Etag", DirectoryIndex.etag(dir.cid()));
        return respond(request, 200, h, out -> out.write(html), html.length, null);
    }

    /** A UnixFS file read through {@link DagReader}, with missing blocks reported as stream failures. */
    private record UnixFsFile(BlockSource source, Cid cid, long size) implements GatewayResponse.FileContent {
        @Override
        public InputStream open(long offset, long length) throws IOException {
            if (offset < 0 || length < 0) throw new IllegalArgumentException("offset and length must not be negative");
            try {
                return new StreamGuard(DagReader.open(source, cid, Math.min(offset, size), length), cid);
            } catch (BlockNotFoundException | BlockMismatchException | IllegalArgumentException e) {
                throw new GatewayStreamException("cannot read " + cid + ": " + e.getMessage(), e);
            }
        }
    }

    /** Turns the runtime failures of a file read into {@link GatewayStreamException}. */
    private static final class StreamGuard extends FilterInputStream {
        private final Cid file;

        StreamGuard(InputStream in, Cid file) {
            super(in);
            this.file = file;
        }

        private GatewayStreamException failed(RuntimeException e) {
            return new GatewayStreamException("file " + file + " stream aborted: " + e.getMessage(), e);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (BlockNotFoundException | BlockMismatchException | IllegalArgumentException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (BlockNotFoundException | BlockMismatchException | IllegalArgumentException e) {
                throw failed(e);
            }
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            try {
                return in.transferTo(out);
            } catch (BlockNotFoundException | BlockMismatchException | IllegalArgumentException e) {
                throw failed(e);
            }
        }
    }
}
