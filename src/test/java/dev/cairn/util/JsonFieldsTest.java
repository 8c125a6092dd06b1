package dev.cairn.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link JsonFields}: what {@code cairn get} reads of a node's transfer, as the node writes it. */
class JsonFieldsTest {
    static JsonFields parse(String json) throws IOException {
        return JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsATransferAsTheNodeWritesIt() throws IOException {
        JsonFields t = parse("""
                {"id":"t-1","cid":"bafybeiabc","state":"running","pin":false,"bytes_done":1048576,
                 "bytes_total":536870912,"peers":["12D3KooA","12D3KooB"],"rate_bytes_per_second":33554432,
                 "eta_seconds":15,"started_at":"2026-11-22T10:00:00Z","error":null}""");

        assertThat(t.text("id", "")).isEqualTo("t-1");
        assertThat(t.text("state", "")).isEqualTo("running");
        assertThat(t.longValue("bytes_done", 0)).isEqualTo(1_048_576);
        assertThat(t.longValue("bytes_total", -1)).isEqualTo(536_870_912);
        assertThat(t.size("peers")).isEqualTo(2);
        assertThat(t.has("eta_seconds")).isTrue();
        assertThat(t.text("pin", "")).isEqualTo("false");
    }

    @Test
    void absentNullAndMistypedFieldsGiveTheFallback() throws IOException {
        JsonFields t = parse("{\"error\":null,\"state\":\"done\",\"bytes_done\":\"many\",\"nested\":{\"a\":[1,{\"b\":2}]},\"list\":[[1,2],{\"c\":3},4]}");

        assertThat(t.has("error")).isFalse();
        assertThat(t.text("error", "none")).isEqualTo("none");
        assertThat(t.has("waiting")).isFalse();
        assertThat(t.longValue("bytes_done", -7)).isEqualTo(-7);
        assertThat(t.size("peers")).isZero();
        // nested values are skipped whole, counted as one element of the array they sit in
        assertThat(t.has("nested")).isTrue();
        assertThat(t.text("nested", "object")).isEqualTo("object");
        assertThat(t.size("list")).isEqualTo(3);
        assertThat(t.text("state", "")).isEqualTo("done");
    }

    @Test
    void anythingButOneWholeObjectIsAnError() {
        for (String bad : new String[] {"[]", "\"done\"", "{\"state\":\"done\"", "{\"state\":}", "{\"a\":1} {}", "", "{\"a\":[1,2}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void malformedValuesAnywhereAreErrorsNamingTheOffset() {
        for (String bad : new String[] {"{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}",
                "{\"a\":[1,]}", "{\"a\":{\"b\":1,}}", "{\"a\":{\"b\"}}", "{a:1}", "{\"a\":\"x\\q\"}", "{\"a\":\"\\u12\"}",
                "{\"a\":\"tab\there\"}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":'x'}", "{\"a\":+1}", "{\"a\":NaN}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IOException.class).hasMessageContaining("malformed JSON at offset");
        }
    }

    @Test
    void stringsAreUnescapedAndKeptApartFromNumbers() throws IOException {
        JsonFields t = parse("{\"url\":\"http:\\/\\/127.0.0.1:9\",\"q\":\"\\\"hi\\\" \\u00e9\\u20ac \\\\ \\n\",\"u\":\"ünï €\","
                + "\"pid\":\"42\",\"n\":42,\"neg\":-7,\"big\":99999999999999999999,\"frac\":1.5,\"exp\":2e3,\"t\":true}");

        assertThat(t.string("url", null)).isEqualTo("http://127.0.0.1:9");
        assertThat(t.string("q", null)).isEqualTo("\"hi\" \u00e9\u20ac \\ \n");
        assertThat(t.string("u", null)).isEqualTo("ünï €");
        // a number written as a string is a string, and a number is not one
        assertThat(t.longValue("pid", -1)).isEqualTo(-1);
        assertThat(t.string("pid", null)).isEqualTo("42");
        assertThat(t.string("n", "none")).isEqualTo("none");
        assertThat(t.longValue("n", -1)).isEqualTo(42);
        assertThat(t.longValue("neg", 0)).isEqualTo(-7);
        // numbers that are not whole, or do not fit a long, are not whole numbers
        assertThat(t.longValue("big", -1)).isEqualTo(-1);
        assertThat(t.longValue("frac", -1)).isEqualTo(-1);
        assertThat(t.text("exp", "")).isEqualTo("2e3");
        assertThat(t.text("t", "")).isEqualTo("true");
        assertThat(t.string("t", "none")).isEqualTo("none");
    }

    @Test
    void aRepeatedNameKeepsItsLastValueAndEmptyContainersCount() throws IOException {
        JsonFields t = parse(" {\n\"a\":[1,2,3], \"a\":\"x\", \"e\":[], \"o\":{}, \"b\":null} \r\n");

        assertThat(t.text("a", "")).isEqualTo("x");
        assertThat(t.size("a")).isZero();
        assertThat(t.has("e")).isTrue();
        assertThat(t.size("e")).isZero();
        assertThat(t.has("o")).isTrue();
        assertThat(t.has("b")).isFalse();
        assertThat(parse("{}").has("a")).isFalse();
    }

    @Test
    void nestingPastTheLimitIsRefusedNotAStackOverflow() throws IOException {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> parse("{\"a\":" + deep + "}")).isInstanceOf(IOException.class).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> parse("{\"a\":" + "{\"b\":".repeat(100_000) + "1" + "}".repeat(100_001)))
                .isInstanceOf(IOException.class).hasMessageContaining("nested deeper");
        // within the limit, nesting is walked and skipped
        assertThat(parse("{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}").size("a")).isEqualTo(1);
    }
}
