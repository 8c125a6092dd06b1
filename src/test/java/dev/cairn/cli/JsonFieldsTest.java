package dev.cairn.cli;

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
}
