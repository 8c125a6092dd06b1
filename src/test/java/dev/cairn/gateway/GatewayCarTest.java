package dev.cairn.gateway;

import static dev.cairn.gateway.GatewayFixtures.bytes;
import static dev.cairn.gateway.GatewayFixtures.entry;
import static dev.cairn.gateway.GatewayFixtures.parseCar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagNode;
import dev.cairn.content.DagPb;
import dev.cairn.content.DagReader;
import dev.cairn.content.DagWalker;
import dev.cairn.content.FileImporter;
import dev.cairn.content.PbLink;
import dev.cairn.content.UnixFs;
import dev.cairn.content.UnixFsNode;
import dev.cairn.store.MemoryBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayCarTest {
    /** 16 full 1 KiB chunks and one of 100 bytes: 17 leaves, 5 + 2 inner nodes, one root. */
    static final int SIZE = 16 * 1024 + 100;

    GatewayFixtures f;
    byte[] data;
    FileImporter.Result file;
    Tree tree;

    /** A file DAG as the test sees it: a node, its children, the leaves under it in order. */
    record Tree(Cid cid, List<Tree> children) {
        List<Tree> leaves() {
            if (children.isEmpty()) return List.of(this);
            List<Tree> out = new ArrayList<>();
            for (Tree c : children) out.addAll(c.leaves());
            return out;
        }

        Tree child(int... path) {
            Tree t = this;
            for (int i : path) t = t.children.get(i);
            return t;
        }
    }

    Tree tree(Cid cid) throws IOException {
        UnixFsNode node = UnixFsNode.decode(cid, f.store.get(cid));
        List<Tree> children = new ArrayList<>();
        for (PbLink link : node.links()) children.add(tree(link.cid()));
        return new Tree(cid, children);
    }

    @BeforeEach
    void setUp() throws IOException {
        f = new GatewayFixtures();
        data = bytes(SIZE);
        file = f.file(data);
        tree = tree(file.cid());
    }

    @Test
    void theTestFileHasTheExpectedShape() {
        assertThat(tree.children()).hasSize(2);
        assertThat(tree.child(0).children()).hasSize(4);
        assertThat(tree.child(0, 0).children()).hasSize(4);
        assertThat(tree.child(1).children()).hasSize(1);
        assertThat(tree.child(1, 0).children()).hasSize(1);
        assertThat(tree.leaves()).hasSize(17).doesNotHaveDuplicates();
        assertThat(f.store.usedBytes()).isPositive();
    }

    private GatewayResponse car(String path, String... params) throws IOException {
        List<String> kv = new ArrayList<>(List.of("format", "car"));
        kv.addAll(Arrays.asList(params));
        return f.get(path, kv.toArray(String[]::new));
    }

    private static GatewayFixtures.Car parsed(GatewayResponse response) throws IOException {
        return GatewayFixtures.car(response);
    }

    private static List<Cid> dfs(Tree t) {
        List<Cid> out = new ArrayList<>();
        out.add(t.cid());
        for (Tree c : t.children()) out.addAll(dfs(c));
        return out;
    }

    private static byte[] readFrom(MemoryBlockStore store, Cid root, long offset, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DagReader.open(store, root, offset, length).writeTo(out);
        return out.toByteArray();
    }

    @Test
    void dagScopeAllIsTheWholeFileDepthFirst() throws IOException {
        GatewayResponse r = car(file.cid().toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentLength()).isEqualTo(-1);
        GatewayFixtures.Car car = parsed(r);
        assertThat(car.roots()).containsExactly(file.cid());
        assertThat(car.cids()).containsExactlyElementsOf(dfs(tree)).hasSize(25);
        List<Cid> walked = new ArrayList<>();
        DagWalker.walk(file.cid(), f.store, (cid, block) -> walked.add(cid));
        assertThat(car.cids()).isEqualTo(walked);
        assertThat(readFrom(car.asStore(), file.cid(), 0, Long.MAX_VALUE)).isEqualTo(data);
    }

    @Test
    void carHeaders() throws IOException {
        GatewayResponse r = car(file.cid().toString());
        String cid = file.cid().toString();
        assertThat(r.headers()).containsEntry("Content-Type", "application/vnd.ipld.car; version=1; order=dfs; dups=n")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "public, max-age=29030400, immutable")
                .containsEntry("Content-Disposition", "attachment; filename=\"" + cid + ".car\"")
                .containsEntry("Accept-Ranges", "none")
                .containsEntry("X-Ipfs-Path", "/ipfs/" + cid)
                .containsEntry("X-Ipfs-Roots", cid)
                .doesNotContainKey("Content-Location");
        assertThat(r.header("etag")).startsWith("W/\"" + cid + ".car.").endsWith("\"");
    }

    @Test
    void etagChangesWithScopeRangeAndDupsButNotWithEquivalentSpellings() throws IOException {
        String cid = file.cid().toString();
        Set<String> etags = new HashSet<>();
        etags.add(car(cid).header("Etag"));
        etags.add(car(cid, "dag-scope", "block").header("Etag"));
        etags.add(car(cid, "dag-scope", "entity").header("Etag"));
        etags.add(car(cid, "entity-bytes", "0:99").header("Etag"));
        etags.add(car(cid, "entity-bytes", "100:199").header("Etag"));
        etags.add(car(cid, "car-dups", "y").header("Etag"));
        etags.add(f.get(cid + "/", "format", "car").header("Etag"));
        assertThat(etags).hasSize(7);
        assertThat(car(cid, "dag-scope", "all").header("Etag")).isEqualTo(car(cid).header("Etag"));
        assertThat(car(cid, "car-dups", "n").header("Etag")).isEqualTo(car(cid).header("Etag"));
        assertThat(car(cid, "dag-scope", "entity", "entity-bytes", "0:*").header("Etag"))
                .isEqualTo(car(cid, "dag-scope", "entity").header("Etag"));
    }

    @Test
    void dagScopeBlockIsOnlyTheRootBlock() throws IOException {
        GatewayFixtures.Car car = parsed(car(file.cid().toString(), "dag-scope", "block"));
        assertThat(car.roots()).containsExactly(file.cid());
        assertThat(car.cids()).containsExactly(file.cid());
        assertThat(car.blocks().getFirst().data()).isEqualTo(f.store.get(file.cid()));
    }

    @Test
    void dagScopeEntityOfAFileIsTheWholeFile() throws IOException {
        GatewayFixtures.Car car = parsed(car(file.cid().toString(), "dag-scope", "entity"));
        assertThat(car.cids()).containsExactlyElementsOf(dfs(tree));
        assertThat(readFrom(car.asStore(), file.cid(), 0, Long.MAX_VALUE)).isEqualTo(data);
    }

    /**
     * Each range names the leaves it needs; the CAR must be exactly the root, the inner nodes
     * above those leaves and the leaves, depth-first, and must be enough to read the range.
     */
    @ParameterizedTest(name = "entity-bytes={0}")
    @CsvSource(delimiter = '|', value = {
        "0:1023       | 0  | 0  | 4",
        "0:0          | 0  | 0  | 4",
        "1000:1100    | 0  | 1  | 5",
        "4096:8191    | 4  | 7  | 7",
        "-100:*       | 16 | 16 | 4",
        "-101:*       | 15 | 16 | 7",
        "16483:99999  | 16 | 16 | 4",
        "499:-1000    | 0  | 15 | 22",
        "0:*          | 0  | 16 | 25",
        "-99999:*     | 0  | 16 | 25",
        "5000:-5000   | 4  | 11 | 12"})
    void entityBytesCarriesExactlyTheBlocksOfTheRange(String range, int firstLeaf, int lastLeaf, int blocks)
            throws IOException {
        GatewayFixtures.Car car = parsed(car(file.cid().toString(), "entity-bytes", range));
        assertThat(car.roots()).containsExactly(file.cid());
        assertThat(car.blocks()).hasSize(blocks);

        // exactly the nodes whose subtree holds a needed leaf, in depth-first order
        Set<Cid> needed = new HashSet<>(tree.leaves().subList(firstLeaf, lastLeaf + 1).stream().map(Tree::cid).toList());
        List<Cid> expected = new ArrayList<>();
        collect(tree, needed, expected);
        assertThat(car.cids()).containsExactlyElementsOf(expected);

        // and the range can be read from the CAR alone
        EntityBytes.Span span = EntityBytes.parse(range).resolve(SIZE);
        byte[] got = readFrom(car.asStore(), file.cid(), span.first(), span.length());
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) span.first(), (int) span.last() + 1));
    }

    private static boolean collect(Tree t, Set<Cid> leaves, List<Cid> out) {
        if (t.children().isEmpty()) {
            if (leaves.contains(t.cid())) {
                out.add(t.cid());
                return true;
            }
            return false;
        }
        int at = out.size();
        out.add(t.cid());
        boolean any = false;
        for (Tree c : t.children()) any |= collect(c, leaves, out);
        if (!any) out.remove(at);
        return any;
    }

    @ParameterizedTest(name = "entity-bytes={0}")
    @CsvSource({"16484:*", "99999:100000", "600:-16000", "-5:-3"})
    void rangesOutsideTheFileGiveOnlyTheRootBlock(String range) throws IOException {
        // -5:-3 is inside; the others are empty or outside: dag-scope=block equivalent
        GatewayResponse r = car(file.cid().toString(), "entity-bytes", range);
        assertThat(r.status()).isEqualTo(200);
        GatewayFixtures.Car car = parsed(r);
        if (range.equals("-5:-3")) {
            assertThat(car.cids()).hasSize(4).endsWith(tree.leaves().getLast().cid());
        } else {
            assertThat(car.cids()).containsExactly(file.cid());
        }
    }

    @Test
    void aRangeSucceedsWhenBlocksOutsideItAreMissing() throws IOException {
        // as the conformance fixture file-3k-and-3-blocks-missing-block: only the range's blocks are read
        f.store.delete(tree.leaves().get(5).cid());
        f.store.delete(tree.child(1).cid());
        GatewayFixtures.Car car = parsed(car(file.cid().toString(), "entity-bytes", "0:2047"));
        assertThat(car.blocks()).hasSize(5);
        GatewayFixtures.Car tail = parsed(car(file.cid().toString(), "dag-scope", "entity", "entity-bytes", "6144:16383"));
        assertThat(tail.cids()).doesNotContain(tree.leaves().get(5).cid()).contains(tree.leaves().get(6).cid());
    }

    @Test
    void repeatedBlocksAreSentOnceUnlessDupsYes() throws IOException {
        byte[] zeros = new byte[8 * 1024]; // 8 identical leaves under 2 identical parents
        FileImporter.Result z = f.file(zeros);
        GatewayFixtures.Car once = parsed(car(z.cid().toString()));
        assertThat(once.blocks()).hasSize(3);
        assertThat(once.cids()).doesNotHaveDuplicates();
        assertThat(readFrom(once.asStore(), z.cid(), 0, Long.MAX_VALUE)).isEqualTo(zeros);

        GatewayResponse withDups = car(z.cid().toString(), "car-dups", "y");
        assertThat(withDups.header("Content-Type")).isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=y");
        GatewayFixtures.Car all = parsed(withDups);
        assertThat(all.blocks()).hasSize(1 + 2 + 8);
        assertThat(new HashSet<>(all.cids())).hasSize(3);

        GatewayFixtures.Car rangeDups = parsed(car(z.cid().toString(), "car-dups", "y", "entity-bytes", "3000:5000"));
        assertThat(rangeDups.blocks()).hasSize(1 + 2 + 3);
    }

    @Test
    void aPartlySentRepeatedSubtreeIsRevisitedForTheBlocksStillNeeded() throws IOException {
        byte[] quarter = bytes(4 * 1024); // four distinct leaves under one parent
        byte[] twice = new byte[8 * 1024];
        System.arraycopy(quarter, 0, twice, 0, quarter.length);
        System.arraycopy(quarter, 0, twice, quarter.length, quarter.length);
        FileImporter.Result r = f.file(twice);
        Tree t = tree(r.cid());
        assertThat(t.child(0).cid()).isEqualTo(t.child(1).cid());

        // the end of the first copy (leaf D) and the start of the second (leaf A)
        GatewayFixtures.Car car = parsed(car(r.cid().toString(), "entity-bytes", "3500:4500"));
        assertThat(car.cids()).containsExactly(r.cid(), t.child(0).cid(), t.child(0, 3).cid(), t.child(0, 0).cid());
        assertThat(readFrom(car.asStore(), r.cid(), 3500, 1001)).isEqualTo(Arrays.copyOfRange(twice, 3500, 4501));
    }

    @Test
    void aFileOfOneRawBlock() throws IOException {
        FileImporter.Result small = f.file(bytes(300));
        for (String scope : List.of("block", "entity", "all")) {
            GatewayFixtures.Car car = parsed(car(small.cid().toString(), "dag-scope", scope));
            assertThat(car.cids()).as(scope).containsExactly(small.cid());
        }
        assertThat(parsed(car(small.cid().toString(), "entity-bytes", "10:20")).cids()).containsExactly(small.cid());
        FileImporter.Result empty = f.file(new byte[0]);
        assertThat(parsed(car(empty.cid().toString(), "entity-bytes", "0:*")).cids()).containsExactly(empty.cid());
        assertThat(parsed(car(empty.cid().toString(), "entity-bytes", "5:10")).cids()).containsExactly(empty.cid());
    }

    // ------------------------------------------------------------------ paths

    record Site(DagNode root, DagNode sub, DagNode hello) {}

    Site site() throws IOException {
        DagNode hello = f.file("hello\n".getBytes()).root();
        DagNode sub = f.dir(entry("big.bin", file.root()), entry("hello.txt", hello));
        DagNode other = f.dir(entry("x", f.file(bytes(3000)).root()));
        DagNode root = f.dir(entry("sub", sub), entry("other", other), entry("top.txt", hello));
        return new Site(root, sub, hello);
    }

    @Test
    void aPathCarStartsWithTheBlocksOfThePath() throws IOException {
        Site s = site();
        String path = s.root().cid() + "/sub/big.bin";
        GatewayResponse r = car(path);
        assertThat(r.headers()).containsEntry("X-Ipfs-Roots", s.root().cid() + "," + s.sub().cid() + "," + file.cid())
                .containsEntry("X-Ipfs-Path", "/ipfs/" + path)
                .containsEntry("Content-Disposition", "attachment; filename=\"" + s.root().cid() + "_big.bin.car\"");
        GatewayFixtures.Car car = parsed(r);
        assertThat(car.roots()).containsExactly(file.cid());
        List<Cid> expected = new ArrayList<>(List.of(s.root().cid(), s.sub().cid()));
        expected.addAll(dfs(tree));
        assertThat(car.cids()).containsExactlyElementsOf(expected);

        // a client can verify the path from the root and read the file from the CAR alone
        MemoryBlockStore alone = car.asStore();
        Gateway replay = new Gateway(alone);
        GatewayResponse again = replay.handle(GatewayRequest.parse("GET", path, Map.of(), null));
        assertThat(GatewayFixtures.body(again)).isEqualTo(data);

        assertThat(parsed(car(path, "dag-scope", "block")).cids())
                .containsExactly(s.root().cid(), s.sub().cid(), file.cid());
        assertThat(parsed(car(path, "entity-bytes", "0:0")).cids())
                .containsExactly(s.root().cid(), s.sub().cid(), file.cid(), tree.child(0).cid(), tree.child(0, 0).cid(),
                        tree.leaves().getFirst().cid());
    }

    @Test
    void directoryScopes() throws IOException {
        Site s = site();
        String path = s.root().cid() + "/sub";
        assertThat(parsed(car(path, "dag-scope", "block")).cids()).containsExactly(s.root().cid(), s.sub().cid());
        assertThat(parsed(car(path, "dag-scope", "entity")).cids()).containsExactly(s.root().cid(), s.sub().cid());
        // entity-bytes on a directory is ignored: dag-scope=entity
        assertThat(parsed(car(path, "entity-bytes", "0:10")).cids()).containsExactly(s.root().cid(), s.sub().cid());

        List<Cid> all = new ArrayList<>(List.of(s.root().cid(), s.sub().cid()));
        all.addAll(dfs(tree));
        all.add(s.hello().cid());
        assertThat(parsed(car(path)).cids()).containsExactlyElementsOf(all);

        // the whole tree from the root: each block once, though hello.txt is linked twice
        GatewayFixtures.Car whole = parsed(car(s.root().cid().toString()));
        List<Cid> walked = new ArrayList<>();
        DagWalker.walk(s.root().cid(), f.store, (cid, block) -> walked.add(cid));
        assertThat(whole.cids()).isEqualTo(walked).doesNotHaveDuplicates();
    }

    @Test
    void missingPathSegmentsAndBlocksAre404BeforeAnyByteIsSent() throws IOException {
        Site s = site();
        assertNotFound(s.root().cid() + "/nope");
        assertNotFound(s.root().cid() + "/sub/nope.txt");
        assertNotFound(s.root().cid() + "/top.txt/below"); // a file has no entries
        assertNotFound(file.cid() + "/0");                 // nor does a file's DAG
        f.store.delete(s.sub().cid());
        assertNotFound(s.root().cid() + "/sub/hello.txt");
        assertNotFound("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"); // never stored
    }

    private void assertNotFound(String path) {
        for (String format : List.of("car", "raw")) {
            assertThatThrownBy(() -> f.get(path, "format", format))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThatThrownBy(() -> f.head(path, "format", "car"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    // ------------------------------------------------------------------ streaming failures

    @Test
    void aBlockMissingMidStreamAbortsTheWriterAfterTheCompleteSections() throws IOException {
        Cid missing = tree.leaves().get(9).cid();
        f.store.delete(missing);
        GatewayResponse r = car(file.cid().toString());
        assertThat(r.status()).as("the root is there: the response starts").isEqualTo(200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> r.body().writeTo(out))
                .isInstanceOf(GatewayStreamException.class)
                .hasMessageContaining(missing.toString());
        // what was sent is a valid CAR prefix: every block before the missing one, and no more
        GatewayFixtures.Car partial = parseCar(out.toByteArray());
        List<Cid> all = dfs(tree);
        assertThat(partial.cids()).isEqualTo(all.subList(0, all.indexOf(missing)));
    }

    @Test
    void aMissingBlockInsideARangeAlsoAborts() throws IOException {
        f.store.delete(tree.leaves().get(1).cid());
        GatewayResponse r = car(file.cid().toString(), "entity-bytes", "1000:1100");
        assertThatThrownBy(() -> r.body().writeTo(new ByteArrayOutputStream())).isInstanceOf(GatewayStreamException.class);
    }

    @Test
    void aFileNodeLyingAboutItsSizeAborts() throws IOException {
        // a parent whose blocksize for its only child is wrong: well hashed, but not a valid file
        Block leaf = Block.of(1, Codec.RAW, bytes(100));
        f.store.put(leaf);
        byte[] data = UnixFs.file(null, 200, List.of(200L)).encode();
        Block parent = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(new PbLink(leaf.cid(), "", 100L)), data));
        f.store.put(parent);
        GatewayResponse r = car(parent.cid().toString());
        assertThat(parsed(car(parent.cid().toString(), "dag-scope", "all")).cids()).containsExactly(parent.cid(), leaf.cid());
        GatewayResponse entity = car(parent.cid().toString(), "dag-scope", "entity");
        assertThatThrownBy(() -> entity.body().writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(GatewayStreamException.class).hasMessageContaining("parent says 200");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void dupsYesOnADagThatRepeatsItselfAtEveryLevelIsCutOff() throws IOException {
        // 40 levels, each node linking twice to the next: 2^41 visits with dups=y
        Block node = Block.of(1, Codec.RAW, "bottom".getBytes());
        f.store.put(node);
        for (int level = 0; level < 40; level++) {
            PbLink link = new PbLink(node.cid(), "", null);
            node = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(link, link), null));
            f.store.put(node);
        }
        Cid top = node.cid();
        assertThat(parsed(car(top.toString())).blocks()).as("dups=n: each block once").hasSize(41);
        Gateway capped = new Gateway(f.store, 10_000);
        GatewayResponse r = capped.handle(GatewayRequest.parse("GET", top.toString(),
                GatewayFixtures.query("format", "car", "car-dups", "y"), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> r.body().writeTo(out))
                .isInstanceOf(GatewayStreamException.class).hasMessageContaining("dups=y");
        assertThat(parseCar(out.toByteArray()).blocks()).hasSize(10_000);
    }

    // ------------------------------------------------------------------ HEAD, probe, identity

    @Test
    void headHasTheHeadersButNoBody() throws IOException {
        GatewayResponse get = car(file.cid().toString());
        GatewayResponse head = f.head(file.cid().toString(), "format", "car");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isNull();
        assertThat(head.headers()).isEqualTo(get.headers());
    }

    @Test
    void theEmptyIdentityProbe() throws IOException {
        GatewayResponse r = f.get("bafkqaaa", "format", "car");
        assertThat(r.status()).isEqualTo(200);
        GatewayFixtures.Car car = parsed(r);
        assertThat(car.roots()).containsExactly(Cid.parse("bafkqaaa"));
        assertThat(car.blocks()).as("identity blocks are never put in a CAR").isEmpty();
        assertThat(f.head("bafkqaaa", "format", "car").status()).isEqualTo(200);
        GatewayResponse accept = f.gateway.handle(GatewayRequest.parse("GET", "bafkqaaa", Map.of(), "application/vnd.ipld.car"));
        assertThat(parsed(accept).roots()).containsExactly(Cid.parse("bafkqaaa"));
    }

    @Test
    void identityLinksInsideADagAreFollowedButNotWritten() throws IOException {
        Cid inline = Cid.v1(Codec.RAW, dev.cairn.content.Multihash.identity("tiny".getBytes()));
        DagNode tiny = new DagNode(inline, 4, 4);
        DagNode dir = f.dir(entry("tiny.txt", tiny), entry("big.bin", file.root()));
        GatewayFixtures.Car car = parsed(car(dir.cid().toString()));
        assertThat(car.cids()).doesNotContain(inline).hasSize(1 + 25);
        GatewayFixtures.Car path = parsed(car(dir.cid() + "/tiny.txt"));
        assertThat(path.roots()).containsExactly(inline);
        assertThat(path.cids()).containsExactly(dir.cid());
    }

    // ------------------------------------------------------------------ HAMT

    /** A hand-built HAMT shard (fanout 256): entry x.txt in the root, y.txt in sub-shard "00". */
    record Hamt(Cid root, Cid shard, Cid x, Cid y) {}

    Hamt hamt() throws IOException {
        Cid x = f.file(bytes(10)).cid();
        Cid y = f.file(bytes(20)).cid();
        byte[] shardData = new UnixFs(UnixFs.Type.HAMT_SHARD, new byte[] {1}, null, List.of(), 0x22L, 256L, null, null).encode();
        Block shard = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(new PbLink(y, "05y.txt", 20L)), shardData));
        f.store.put(shard);
        Block root = Block.of(1, Codec.DAG_PB, DagPb.encode(
                List.of(new PbLink(shard.cid(), "00", 100L), new PbLink(x, "1Ax.txt", 10L)), shardData));
        f.store.put(root);
        return new Hamt(root.cid(), shard.cid(), x, y);
    }

    @Test
    void hamtDirectories() throws IOException {
        Hamt h = hamt();
        String cid = h.root().toString();
        assertThat(parsed(car(cid, "dag-scope", "entity")).cids()).as("shards, not entries").containsExactly(h.root(), h.shard());
        assertThat(parsed(car(cid, "dag-scope", "block")).cids()).containsExactly(h.root());
        assertThat(parsed(car(cid)).cids()).containsExactly(h.root(), h.shard(), h.y(), h.x());
        assertThatThrownBy(() -> car(cid + "/x.txt"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(501));
        assertThatThrownBy(() -> f.get(cid + "/"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(501));
    }
}
