package dev.cairn.gateway;

import static dev.cairn.gateway.GatewayFixtures.body;
import static dev.cairn.gateway.GatewayFixtures.bytes;
import static dev.cairn.gateway.GatewayFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagNode;
import dev.cairn.content.FileImporter;
import dev.cairn.content.Multihash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayPlainTest {
    GatewayFixtures f;
    byte[] data;
    FileImporter.Result file;

    @BeforeEach
    void setUp() throws IOException {
        f = new GatewayFixtures();
        data = bytes(5000);
        file = f.file(data);
    }

    private static void assertStatus(ThrowingRunnable call, int status) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ raw blocks

    @Test
    void rawIsTheBlockWithItsHeaders() throws IOException {
        Cid cid = file.cid();
        GatewayResponse r = f.get(cid.toString(), "format", "raw");
        assertThat(r.status()).isEqualTo(200);
        byte[] block = f.store.get(cid);
        assertThat(body(r)).isEqualTo(block);
        assertThat(r.contentLength()).isEqualTo(block.length);
        assertThat(Multihash.sha256(body(r))).isEqualTo(cid.multihash());
        assertThat(r.headers()).containsEntry("Content-Type", "application/vnd.ipld.raw")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "public, max-age=29030400, immutable")
                .containsEntry("Etag", "\"" + cid + ".raw\"")
                .containsEntry("Content-Disposition", "attachment; filename=\"" + cid + ".bin\"")
                .containsEntry("X-Ipfs-Path", "/ipfs/" + cid)
                .containsEntry("X-Ipfs-Roots", cid.toString())
                .doesNotContainKey("Content-Location");
    }

    @Test
    void rawThroughAPathIsTheBlockOfTheResolvedCid() throws IOException {
        DagNode dir = f.dir(entry("f.bin", file.root()));
        GatewayResponse r = f.gateway.handle(GatewayRequest.parse("GET", dir.cid() + "/f.bin", Map.of(),
                "application/vnd.ipld.raw"));
        assertThat(body(r)).isEqualTo(f.store.get(file.cid()));
        assertThat(r.headers()).containsEntry("X-Ipfs-Roots", dir.cid() + "," + file.cid())
                .containsEntry("Etag", "\"" + file.cid() + ".raw\"")
                .containsEntry("X-Ipfs-Path", "/ipfs/" + dir.cid() + "/f.bin")
                .containsEntry("Content-Location", "/ipfs/" + dir.cid() + "/f.bin?format=raw");
    }

    @Test
    void rawOfACidV0BlockAndOfADirectory() throws IOException {
        Block v0 = Block.of(0, Codec.DAG_PB, dev.cairn.content.DagPb.encode(List.of(),
                dev.cairn.content.UnixFs.directory().encode()));
        f.store.put(v0);
        GatewayResponse r = f.get(v0.cid().toString(), "format", "raw");
        assertThat(v0.cid().toString()).startsWith("Qm");
        assertThat(body(r)).isEqualTo(v0.data());
        assertThat(r.header("Etag")).isEqualTo("\"" + v0.cid() + ".raw\"");
    }

    @Test
    void rawFilenameOverride() throws IOException {
        GatewayResponse r = f.get(file.cid().toString(), "format", "raw", "filename", "naïve \"x\".bin");
        assertThat(r.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"na_ve _x_.bin\"; filename*=UTF-8''na%C3%AFve%20%22x%22.bin");
    }

    @Test
    void theEmptyIdentityProbeAsRaw() throws IOException {
        GatewayResponse r = f.get("bafkqaaa", "format", "raw");
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEmpty();
        assertThat(r.contentLength()).isZero();
        GatewayResponse head = f.head("bafkqaaa", "format", "raw");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isNull();
        assertThat(head.contentLength()).isZero();
        GatewayResponse accept = f.gateway.handle(GatewayRequest.parse("GET", "bafkqaaa", Map.of(), "application/vnd.ipld.raw"));
        assertThat(body(accept)).isEmpty();
    }

    @Test
    void missingRootsAre404() {
        String absent = Block.of(1, Codec.RAW, "absent".getBytes()).cid().toString();
        assertStatus(() -> f.get(absent, "format", "raw"), 404);
        assertStatus(() -> f.get(absent), 404);
        assertStatus(() -> f.head(absent, "format", "raw"), 404);
    }

    @Test
    void headIsTheSameHeadersWithoutBody() throws IOException {
        GatewayResponse get = f.get(file.cid().toString(), "format", "raw");
        GatewayResponse head = f.head(file.cid().toString(), "format", "raw");
        assertThat(head.headers()).isEqualTo(get.headers());
        assertThat(head.contentLength()).isEqualTo(get.contentLength());
        assertThat(head.body()).isNull();
    }

    @Test
    void ifNoneMatchGives304() throws IOException {
        String cid = file.cid().toString();
        GatewayResponse r = f.gateway.handle(GatewayRequest.parse("GET", cid, GatewayFixtures.query("format", "raw"), null,
                "\"other\", \"" + cid + ".raw\""));
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isNull();
        assertThat(r.headers()).containsEntry("Etag", "\"" + cid + ".raw\"").doesNotContainKey("Content-Type");
        String carEtag = f.get(cid, "format", "car").header("Etag");
        GatewayResponse car = f.gateway.handle(GatewayRequest.parse("GET", cid, GatewayFixtures.query("format", "car"), null,
                carEtag.substring(2)));
        assertThat(car.status()).as("weak comparison").isEqualTo(304);
        GatewayResponse miss = f.gateway.handle(GatewayRequest.parse("GET", cid, Map.of(), null, "\"" + cid + ".raw\""));
        assertThat(miss.status()).isEqualTo(200);
        assertThat(f.gateway.handle(GatewayRequest.parse("GET", cid, Map.of(), null, "*")).status()).isEqualTo(304);
    }

    // ------------------------------------------------------------------ plain files

    @Test
    void aFileIsItsBytes() throws IOException {
        GatewayResponse r = f.get(file.cid().toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(data);
        assertThat(r.contentLength()).isEqualTo(data.length);
        assertThat(r.headers()).containsEntry("Etag", "\"" + file.cid() + "\"")
                .containsEntry("Cache-Control", "public, max-age=29030400, immutable")
                .containsEntry("Accept-Ranges", "bytes")
                .containsEntry("X-Ipfs-Roots", file.cid().toString())
                .doesNotContainKey("X-Content-Type-Options")
                .doesNotContainKey("Content-Disposition");
        assertThat(r.file().size()).isEqualTo(data.length);
    }

    @Test
    void theFileContentServesRanges() throws IOException {
        GatewayResponse r = f.head(file.cid().toString());
        assertThat(r.body()).isNull();
        GatewayResponse.FileContent content = r.file();
        assertThat(content.size()).isEqualTo(5000);
        try (InputStream in = content.open(1000, 2500)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 3500));
        }
        try (InputStream in = content.open(4990, Long.MAX_VALUE)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 4990, 5000));
        }
        try (InputStream in = content.open(6000, 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aMissingBlockInAFileAbortsTheBodyAndTheRangeStream() throws IOException {
        // 5000 bytes in 1 KiB chunks: the fourth leaf is missing
        GatewayResponse r = f.get(file.cid().toString());
        List<Cid> leaves = new java.util.ArrayList<>();
        dev.cairn.content.DagWalker.walk(file.cid(), f.store, (cid, block) -> {
            if (cid.codec() == Codec.RAW) leaves.add(cid);
        });
        assertThat(leaves).hasSize(5);
        Cid leaf = leaves.get(3);
        f.store.delete(leaf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> r.body().writeTo(out)).isInstanceOf(GatewayStreamException.class).hasMessageContaining(leaf.toString());
        assertThat(out.size()).isLessThan(data.length);
        try (InputStream in = r.file().open(0, 1024)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(data, 1024));
        }
        assertThatThrownBy(() -> r.file().open(3000, 100).readAllBytes()).isInstanceOf(GatewayStreamException.class);
    }

    @Test
    void contentTypeFromTheNameOrTheBytes() throws IOException {
        DagNode text = f.file("plain words\n".getBytes(StandardCharsets.UTF_8)).root();
        DagNode png = f.file(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}).root();
        DagNode html = f.file("<!DOCTYPE html><p>hi</p>".getBytes(StandardCharsets.UTF_8)).root();
        DagNode binary = f.file(new byte[] {0, 1, 2, 3, (byte) 0xFF}).root();
        DagNode dir = f.dir(entry("notes", text), entry("image", png), entry("page", html), entry("blob", binary),
                entry("style.css", text), entry("movie.MP4", binary), entry("data.json", text));
        String d = dir.cid().toString();
        assertThat(f.get(d + "/notes").header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(f.get(d + "/image").header("Content-Type")).isEqualTo("image/png");
        assertThat(f.get(d + "/page").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(f.get(d + "/blob").header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(f.get(d + "/style.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(f.get(d + "/movie.MP4").header("Content-Type")).isEqualTo("video/mp4");
        assertThat(f.get(d + "/data.json").header("Content-Type")).isEqualTo("application/json");
        assertThat(f.get(d + "/blob", "filename", "x.pdf").header("Content-Type")).isEqualTo("application/pdf");
        assertThat(f.get(d + "/blob", "filename", "x.pdf").header("Content-Disposition")).isEqualTo("inline; filename=\"x.pdf\"");
        assertThat(f.get(d + "/blob", "download", "true").header("Content-Disposition")).isEqualTo("attachment; filename=\"blob\"");
    }

    @Test
    void dagCborIsServedAsItsBlockAndOtherCodecsAre406() throws IOException {
        Block cbor = Block.of(1, Codec.DAG_CBOR, new byte[] {(byte) 0xA1, 0x61, 'a', 0x01});
        f.store.put(cbor);
        GatewayResponse r = f.get(cbor.cid().toString());
        assertThat(r.header("Content-Type")).isEqualTo("application/vnd.ipld.dag-cbor");
        assertThat(body(r)).isEqualTo(cbor.data());
        assertStatus(() -> f.get(cbor.cid() + "/a"), 501);
        Block json = Block.of(1, 0x0129, "{}".getBytes());
        f.store.put(json);
        assertStatus(() -> f.get(json.cid().toString()), 406);
        assertThat(body(f.get(json.cid().toString(), "format", "raw"))).isEqualTo("{}".getBytes());
        Block notUnixFs = Block.of(1, Codec.DAG_PB, new byte[0]);
        f.store.put(notUnixFs);
        assertStatus(() -> f.get(notUnixFs.cid().toString()), 406);
    }

    // ------------------------------------------------------------------ directories

    @Test
    void aDirectoryWithoutTrailingSlashRedirects() throws IOException {
        DagNode sub = f.dir(entry("f", file.root()));
        DagNode dir = f.dir(entry("my dir", sub));
        GatewayResponse r = f.get(dir.cid() + "/my%20dir", "x", "1 2");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("/ipfs/" + dir.cid() + "/my%20dir/?x=1+2");
        assertThat(r.body()).isNull();
        assertThat(f.get(dir.cid().toString()).header("Location")).isEqualTo("/ipfs/" + dir.cid() + "/");
        assertThat(f.get(dir.cid() + "/my%20dir/").status()).isEqualTo(200);
        // a file needs no slash, and one with a slash is still the file
        assertThat(f.get(dir.cid() + "/my%20dir/f/").status()).isEqualTo(200);
    }

    @Test
    void theListingEscapesNamesAndLinksToEntries() throws IOException {
        String evil = "<img src=x onerror=alert('x')>&\".txt";
        DagNode dir = f.dir(entry(evil, file.root()), entry("javascript:alert(1)", file.root()), entry("plain.txt", file.root()),
                entry("ünï cödé", file.root()));
        GatewayResponse r = f.get(dir.cid() + "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "text/html")
                .containsEntry("Etag", "\"DirIndex-" + DirectoryIndex.VERSION + "_CID-" + dir.cid() + "\"")
                .containsEntry("Cache-Control", Gateway.DIRECTORY_LISTING_CACHE)
                .containsEntry("X-Ipfs-Roots", dir.cid().toString());
        String html = new String(body(r), StandardCharsets.UTF_8);
        assertThat(r.contentLength()).isEqualTo(body(r).length);
        assertThat(html).doesNotContain("<img").doesNotContain("alert('x')")
                .contains(">&lt;img src=x onerror=alert(&#39;x&#39;)&gt;&amp;&quot;.txt</a>")
                .contains("href=\"./%3Cimg%20src=x%20onerror=alert(%27x%27)%3E%26%22.txt\"")
                .contains("href=\"./javascript%3Aalert(1)\"")
                .contains("href=\"./plain.txt\"")
                .contains("href=\"./%C3%BCn%C3%AF%20c%C3%B6d%C3%A9\">ünï cödé</a>")
                .contains(file.cid().toString())
                .doesNotContain("href=\"../\"");
        // every entry is reachable by the link the listing gives
        assertThat(body(f.get(dir.cid() + "/%3Cimg%20src=x%20onerror=alert(%27x%27)%3E%26%22.txt"))).isEqualTo(data);
        // a subdirectory listing links back up
        DagNode outer = f.dir(entry("in", dir));
        assertThat(new String(body(f.get(outer.cid() + "/in/")), StandardCharsets.UTF_8)).contains("href=\"../\"");
        // HEAD: the listing's headers and length, no body
        GatewayResponse head = f.head(dir.cid() + "/");
        assertThat(head.body()).isNull();
        assertThat(head.contentLength()).isEqualTo(r.contentLength());
    }

    @Test
    void theListingReadsOnlyTheDirectoryBlock() throws IOException {
        DagNode dir = f.dir(entry("a", file.root()), entry("b", f.file(bytes(3000)).root()));
        List<Cid> fetched = new java.util.ArrayList<>();
        Gateway counting = new Gateway(cid -> {
            fetched.add(cid);
            return f.store.get(cid);
        });
        counting.handle(GatewayRequest.parse("GET", dir.cid() + "/", Map.of(), "text/html"));
        assertThat(fetched).containsExactly(dir.cid());
    }

    @Test
    void pathResolutionReadsOnlyTheBlocksOnThePath() throws IOException {
        DagNode sub = f.dir(entry("f.bin", file.root()), entry("g", f.file(bytes(10)).root()));
        DagNode dir = f.dir(entry("sub", sub), entry("other", f.file(bytes(2000)).root()));
        List<Cid> fetched = new java.util.ArrayList<>();
        Gateway counting = new Gateway(cid -> {
            fetched.add(cid);
            return f.store.get(cid);
        });
        counting.handle(GatewayRequest.parse("GET", dir.cid() + "/sub/f.bin", GatewayFixtures.query("format", "raw"), null));
        assertThat(fetched).containsExactly(dir.cid(), sub.cid(), file.cid());
    }

    @Test
    void indexHtmlIsServedInsteadOfAListing() throws IOException {
        byte[] page = "<p>welcome</p>".getBytes(StandardCharsets.UTF_8);
        DagNode index = f.file(page).root();
        DagNode dir = f.dir(entry("index.html", index), entry("other.txt", file.root()));
        GatewayResponse r = f.get(dir.cid() + "/");
        assertThat(body(r)).isEqualTo(page);
        assertThat(r.headers()).containsEntry("Content-Type", "text/html").containsEntry("Etag", "\"" + index.cid() + "\"");
        assertThat(r.file().size()).isEqualTo(page.length);
        // an index.html that is a directory, or whose block is missing, gives the listing (as Kubo)
        DagNode odd = f.dir(entry("index.html", f.dir(entry("x", file.root()))));
        assertThat(new String(body(f.get(odd.cid() + "/")), StandardCharsets.UTF_8)).contains("Index of");
        f.store.delete(index.cid());
        assertThat(new String(body(f.get(dir.cid() + "/")), StandardCharsets.UTF_8)).contains("other.txt");
    }

    @Test
    void missingEntriesAre404AndNamesAreCaseSensitive() throws IOException {
        DagNode dir = f.dir(entry("Readme.md", file.root()));
        assertStatus(() -> f.get(dir.cid() + "/readme.md"), 404);
        assertStatus(() -> f.get(dir.cid() + "/Readme.md/x"), 404);
        assertThat(f.get(dir.cid() + "/Readme.md").status()).isEqualTo(200);
    }

    @Test
    void symlinksAreServedAsTheirTarget() throws IOException {
        Block link = Block.of(1, Codec.DAG_PB, dev.cairn.content.DagPb.encode(List.of(),
                dev.cairn.content.UnixFs.symlink("../target".getBytes()).encode()));
        f.store.put(link);
        GatewayResponse r = f.get(link.cid().toString());
        assertThat(r.header("Content-Type")).isEqualTo("inode/symlink");
        assertThat(body(r)).isEqualTo("../target".getBytes());
    }
}
