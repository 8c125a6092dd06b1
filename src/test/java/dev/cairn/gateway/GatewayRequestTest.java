package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Cid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayRequestTest {
    static final String CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
    static final String CID_V0 = "QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u";

    private static Map<String, List<String>> query(String... keyValues) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) q.put(keyValues[i], List.of(keyValues[i + 1]));
        return q;
    }

    private static GatewayRequest parse(String path, Map<String, List<String>> query, String accept) {
        return GatewayRequest.parse("GET", path, query, accept);
    }

    private static GatewayRequest accept(String accept) {
        return parse(CID, Map.of(), accept);
    }

    private static void assertRefused(Runnable parse, int status, String code) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).as("status of: %s", e.getMessage()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                });
    }

    @Test
    void plainCidWithoutFormatIsADeserializedRequest() {
        GatewayRequest r = parse(CID, null, null);
        assertThat(r.root()).isEqualTo(Cid.parse(CID));
        assertThat(r.rootText()).isEqualTo(CID);
        assertThat(r.segments()).isEmpty();
        assertThat(r.trailingSlash()).isFalse();
        assertThat(r.format()).isEqualTo(ResponseFormat.PLAIN);
        assertThat(r.head()).isFalse();
        assertThat(r.contentPath()).isEqualTo("/ipfs/" + CID);
        assertThat(r.contentLocation()).isNull();
    }

    @Test
    void pathSegmentsArePercentDecodedOnceAndTheTrailingSlashKept() {
        GatewayRequest r = parse(CID + "/dir%20one/caf%C3%A9/100%25+x.txt", null, null);
        assertThat(r.segments()).containsExactly("dir one", "café", "100%+x.txt");
        assertThat(r.trailingSlash()).isFalse();
        assertThat(r.contentPath()).isEqualTo("/ipfs/" + CID + "/dir%20one/caf%C3%A9/100%25+x.txt");

        GatewayRequest dir = parse("/" + CID + "/a//b/", null, null);
        assertThat(dir.segments()).containsExactly("a", "b");
        assertThat(dir.trailingSlash()).isTrue();
        assertThat(parse(CID + "/", null, null).trailingSlash()).isTrue();
        assertThat(parse(CID_V0, null, null).root().version()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "notacid", "bafyinvalid", "Qm123", "%zz", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4x"})
    void malformedCidsAre400(String path) {
        assertRefused(() -> parse(path, null, null), 400, GatewayException.BAD_CID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/.", "/a/../b", "/%2e%2e", "/a%2Fb", "/a%00b", "/%zz", "/%C3", "/bad%"})
    void unsafeOrMalformedSegmentsAre400(String suffix) {
        assertRefused(() -> parse(CID + suffix, null, null), 400, GatewayException.BAD_PATH);
    }

    @Test
    void tooDeepPathsAre400() {
        String deep = CID + "/a".repeat(GatewayRequest.MAX_SEGMENTS + 1);
        assertRefused(() -> parse(deep, null, null), 400, GatewayException.BAD_PATH);
        assertThat(parse(CID + "/a".repeat(GatewayRequest.MAX_SEGMENTS), null, null).segments()).hasSize(GatewayRequest.MAX_SEGMENTS);
    }

    @Test
    void methodsOtherThanGetAndHeadAre405() {
        assertThat(GatewayRequest.parse("head", CID, null, null).head()).isTrue();
        assertRefused(() -> GatewayRequest.parse("POST", CID, null, null), 405, GatewayException.METHOD_NOT_ALLOWED);
        assertRefused(() -> GatewayRequest.parse(null, CID, null, null), 405, GatewayException.METHOD_NOT_ALLOWED);
    }

    @Test
    void formatQueryParameter() {
        assertThat(parse(CID, query("format", "raw"), null).format()).isEqualTo(ResponseFormat.RAW);
        assertThat(parse(CID, query("format", "car"), null).format()).isEqualTo(ResponseFormat.CAR);
        assertThat(parse(CID, query("format", ""), null).format()).isEqualTo(ResponseFormat.PLAIN);
        // ?format= wins over Accept
        assertThat(parse(CID, query("format", "raw"), "application/vnd.ipld.car").format()).isEqualTo(ResponseFormat.RAW);
        assertThat(parse(CID, query("format", "car"), "application/vnd.ipld.raw").format()).isEqualTo(ResponseFormat.CAR);
        assertRefused(() -> parse(CID, query("format", "tar"), null), 406, GatewayException.NOT_ACCEPTABLE);
        assertRefused(() -> parse(CID, query("format", "dag-json"), null), 406, GatewayException.NOT_ACCEPTABLE);
        assertRefused(() -> parse(CID, query("format", "zip"), null), 400, GatewayException.BAD_PARAM);
    }

    @Test
    void acceptNegotiation() {
        assertThat(accept("application/vnd.ipld.raw").format()).isEqualTo(ResponseFormat.RAW);
        assertThat(accept("application/vnd.ipld.car").format()).isEqualTo(ResponseFormat.CAR);
        assertThat(accept("APPLICATION/VND.IPLD.CAR; Version=1").format()).isEqualTo(ResponseFormat.CAR);
        // a browser
        assertThat(accept("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8").format())
                .isEqualTo(ResponseFormat.PLAIN);
        assertThat(accept("*/*").format()).isEqualTo(ResponseFormat.PLAIN);
        assertThat(accept("").format()).isEqualTo(ResponseFormat.PLAIN);
        // weights decide, not order; q=0 means "not this"
        assertThat(accept("application/vnd.ipld.raw;q=0.5, application/vnd.ipld.car").format()).isEqualTo(ResponseFormat.CAR);
        assertThat(accept("application/vnd.ipld.car;q=0.2, application/vnd.ipld.raw;q=0.9").format()).isEqualTo(ResponseFormat.RAW);
        assertThat(accept("application/vnd.ipld.car;q=0, */*").format()).isEqualTo(ResponseFormat.PLAIN);
        assertThat(accept("application/vnd.ipld.car;q=0.5, text/html").format()).isEqualTo(ResponseFormat.PLAIN);
        // equal weights: the first listed
        assertThat(accept("application/vnd.ipld.raw, application/vnd.ipld.car").format()).isEqualTo(ResponseFormat.RAW);
        // unreadable entries are skipped
        assertThat(accept("garbage, application/vnd.ipld.car;q=abc, application/vnd.ipld.raw").format())
                .isEqualTo(ResponseFormat.RAW);
    }

    @Test
    void carVariantsFromAccept() {
        GatewayRequest r = accept("application/vnd.ipld.car; version=1; order=unk; dups=y");
        assertThat(r.car()).isEqualTo(new CarOptions("unk", true));
        assertThat(r.car().contentType()).isEqualTo("application/vnd.ipld.car; version=1; order=unk; dups=y");
        assertThat(accept("application/vnd.ipld.car").car()).isEqualTo(CarOptions.DEFAULT);
        assertThat(CarOptions.DEFAULT.contentType()).isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertThat(accept("application/vnd.ipld.car;order=\"dfs\";dups=n").car()).isEqualTo(CarOptions.DEFAULT);
        // the spec's example: an unsupported preferred order falls back to the next acceptable variant
        GatewayRequest fallback = accept("application/vnd.ipld.car;order=foo, application/vnd.ipld.car;order=dfs;dups=y;q=0.5");
        assertThat(fallback.format()).isEqualTo(ResponseFormat.CAR);
        assertThat(fallback.car()).isEqualTo(new CarOptions("dfs", true));
        // with ?format=car the best supported CAR variant in Accept still supplies the parameters
        assertThat(parse(CID, query("format", "car"), "application/vnd.ipld.car;dups=y").car().duplicates()).isTrue();
        // and car-* query parameters override them
        GatewayRequest overridden = parse(CID, query("format", "car", "car-dups", "n", "car-order", "unk"),
                "application/vnd.ipld.car;dups=y");
        assertThat(overridden.car()).isEqualTo(new CarOptions("unk", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.ipld.car; version=2",
        "application/vnd.ipld.car; order=foo",
        "application/vnd.ipld.car; dups=maybe",
        "application/vnd.ipld.dag-json",
        "application/vnd.ipfs.ipns-record",
        "application/x-tar",
        "application/vnd.ipld.car;version=2, application/vnd.ipld.dag-cbor;q=0.5"})
    void unsupportedFormatsOrCarVariantsAre406(String accept) {
        assertRefused(() -> accept(accept), 406, GatewayException.NOT_ACCEPTABLE);
    }

    @Test
    void unsupportedCarVariantsFallBackToOtherAcceptableTypes() {
        assertThat(accept("application/vnd.ipld.car;version=2, application/vnd.ipld.raw;q=0.1").format())
                .isEqualTo(ResponseFormat.RAW);
        assertThat(accept("application/vnd.ipld.car;version=2, */*;q=0.1").format()).isEqualTo(ResponseFormat.PLAIN);
        assertRefused(() -> parse(CID, query("format", "car"), "application/vnd.ipld.car;version=2"),
                406, GatewayException.NOT_ACCEPTABLE);
    }

    @Test
    void carQueryParameters() {
        assertRefused(() -> parse(CID, query("format", "car", "car-version", "2"), null), 406, GatewayException.NOT_ACCEPTABLE);
        assertRefused(() -> parse(CID, query("format", "car", "car-version", "x"), null), 400, GatewayException.BAD_PARAM);
        assertRefused(() -> parse(CID, query("format", "car", "car-order", "bfs"), null), 406, GatewayException.NOT_ACCEPTABLE);
        assertRefused(() -> parse(CID, query("format", "car", "car-dups", "1"), null), 400, GatewayException.BAD_PARAM);
        assertThat(parse(CID, query("format", "car", "car-version", "1"), null).car()).isEqualTo(CarOptions.DEFAULT);
    }

    @Test
    void dagScopeAndEntityBytes() {
        assertThat(parse(CID, query("format", "car"), null).scope()).isEqualTo(DagScope.ALL);
        assertThat(parse(CID, query("format", "car", "dag-scope", "block"), null).scope()).isEqualTo(DagScope.BLOCK);
        assertThat(parse(CID, query("format", "car", "dag-scope", "entity"), null).scope()).isEqualTo(DagScope.ENTITY);
        assertRefused(() -> parse(CID, query("format", "car", "dag-scope", "everything"), null), 400, GatewayException.BAD_PARAM);

        GatewayRequest ranged = parse(CID, query("format", "car", "entity-bytes", "10:-20"), null);
        assertThat(ranged.scope()).as("entity-bytes implies dag-scope=entity").isEqualTo(DagScope.ENTITY);
        assertThat(ranged.entityBytes()).isEqualTo(new EntityBytes(10, -20L));
        GatewayRequest conflicting = parse(CID, query("format", "car", "dag-scope", "all", "entity-bytes", "0:9"), null);
        assertThat(conflicting.scope()).isEqualTo(DagScope.ALL);
        assertThat(conflicting.entityBytes()).as("only used with dag-scope=entity").isNull();

        // only CAR requests look at them
        assertThat(parse(CID, query("dag-scope", "bogus", "entity-bytes", "x"), null).format()).isEqualTo(ResponseFormat.PLAIN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0:*        | 0    | ",
        "0:0        | 0    | 0",
        "-1024:*    | -1024| ",
        "499:-1000  | 499  | -1000",
        "-10:-5     | -10  | -5",
        "5:-3       | 5    | -3",
        "-5:3       | -5   | 3"})
    void entityBytesSyntax(String text, long from, Long to) {
        assertThat(EntityBytes.parse(text)).isEqualTo(new EntityBytes(from, to));
        assertThat(EntityBytes.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5:", ":5", "a:b", "1:2:3", "10:5", "-5:-10", "+1:2", "1:**", "99999999999999999999:*", " 1:2"})
    void malformedEntityBytesAre400(String text) {
        assertRefused(() -> parse(CID, query("format", "car", "entity-bytes", text), null), 400, GatewayException.BAD_PARAM);
    }

    @Test
    void entityBytesResolveAgainstTheFileSize() {
        assertThat(EntityBytes.parse("0:*").resolve(100)).isEqualTo(new EntityBytes.Span(0, 99));
        assertThat(EntityBytes.parse("10:19").resolve(100)).isEqualTo(new EntityBytes.Span(10, 19));
        assertThat(EntityBytes.parse("90:500").resolve(100)).isEqualTo(new EntityBytes.Span(90, 99));
        assertThat(EntityBytes.parse("-10:*").resolve(100)).isEqualTo(new EntityBytes.Span(90, 99));
        assertThat(EntityBytes.parse("-1000:*").resolve(100)).isEqualTo(new EntityBytes.Span(0, 99));
        assertThat(EntityBytes.parse("10:-10").resolve(100)).isEqualTo(new EntityBytes.Span(10, 90));
        assertThat(EntityBytes.parse("100:*").resolve(100)).isNull();
        assertThat(EntityBytes.parse("60:-50").resolve(100)).isNull();
        assertThat(EntityBytes.parse("0:*").resolve(0)).isNull();
    }

    @Test
    void contentLocationWhenTheFormatCameFromAccept() {
        GatewayRequest car = parse(CID + "/a%20b", query("dag-scope", "block"), "application/vnd.ipld.car;dups=y;order=dfs");
        assertThat(car.contentLocation())
                .isEqualTo("/ipfs/" + CID + "/a%20b?car-dups=y&car-order=dfs&dag-scope=block&format=car");
        assertThat(accept("application/vnd.ipld.raw").contentLocation()).isEqualTo("/ipfs/" + CID + "?format=raw");
        assertThat(parse(CID, query("format", "raw"), "application/vnd.ipld.raw").contentLocation()).isNull();
        assertThat(accept("text/html").contentLocation()).isNull();
    }

    @Test
    void filenameAndDownload() {
        GatewayRequest r = parse(CID, query("filename", "report.pdf", "download", "true"), null);
        assertThat(r.filename()).isEqualTo("report.pdf");
        assertThat(r.download()).isTrue();
        assertRefused(() -> parse(CID, query("filename", "a\nb"), null), 400, GatewayException.BAD_PARAM);
    }
}
