package dev.cairn.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real browser (headless Debian Chromium) plays a track from {@code /content/{sha256}} in an
 * {@code <audio>} element and seeks in it. Skipped without chromium and chromedriver, unless
 * CAIRN_REQUIRE_BROWSER=1 (as in CI).
 */
class AudioPlaybackTest {
    @TempDir
    Path dir;

    @Test
    void an_audio_element_plays_and_seeks_a_track_from_the_node() throws Exception {
        byte[] song = Files.readAllBytes(Path.of(System.getProperty("user.dir"), "src/test/resources/audio/vorbis.ogg"));
        try (TestNode node = TestNode.start(dir.resolve("data"))) {
            JsonNode item = NodeApiTest.json(node.upload(song, "?name=song.ogg&title=Test%20Tone"));
            assertThat(item.get("mime").asText()).isEqualTo("audio/ogg");
            String src = node.node.url() + "/content/" + item.get("content_hash").asText();

            ChromeDriver browser = HeadlessChromium.start(dir.resolve("chrome"));
            try {
                // The page comes from the node too: Chromium refuses media for an opaque (data:) origin.
                String page = NodeApiTest.json(node.upload("<!doctype html><html><body>player</body></html>".getBytes(),
                        "?name=player.html")).get("cid").asText();
                browser.get(node.node.url() + "/ipfs/" + page);
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const a = document.createElement('audio');
                        a.src = arguments[0];
                        document.body.appendChild(a);
                        const fail = e => done({error: String(a.error && a.error.message || e)});
                        a.onerror = fail;
                        a.addEventListener('loadedmetadata', async () => {
                          try {
                            const duration = a.duration;
                            await a.play();
                            await new Promise(r => {
                              const check = () => { if (a.currentTime > 0.2) { a.removeEventListener('timeupdate', check); r(); } };
                              a.addEventListener('timeupdate', check);
                              setTimeout(r, 10000);
                            });
                            const played = a.currentTime;
                            a.pause();
                            const target = duration * 0.6;
                            await new Promise(r => { a.onseeked = r; a.currentTime = target; });
                            done({duration, played, target, seekedTo: a.currentTime});
                          } catch (e) { fail(e); }
                        }, {once: true});
                        """, src);
                assertThat(result).doesNotContainKey("error");
                double duration = ((Number) result.get("duration")).doubleValue();
                assertThat(duration).isBetween(1.0, 2.0);
                assertThat(((Number) result.get("played")).doubleValue()).as("playback advanced").isGreaterThan(0.2);
                assertThat(((Number) result.get("seekedTo")).doubleValue())
                        .isCloseTo(((Number) result.get("target")).doubleValue(), org.assertj.core.data.Offset.offset(0.1));
            } finally {
                browser.quit();
            }
            assertThat(node.get("/metrics").body()).as("the browser fetched the track with a Range request")
                    .containsPattern("cairn_http_request_duration_seconds_count\\{method=\"GET\",route=\"/content/\\{id\\}\",status=\"206\"\\} [1-9]");
        }
    }
}
