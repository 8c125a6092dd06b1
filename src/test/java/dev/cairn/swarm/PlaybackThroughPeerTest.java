package dev.cairn.swarm;

import static dev.cairn.net.Peers.getJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.net.Peers;
import dev.cairn.testing.HeadlessChromium;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser plays a track from a node that does not hold it: the node fetches it from a peer,
 * at a capped rate, as the {@code <audio>} element reads, so playback starts while the node
 * holds under half of the track, and a seek far ahead lands. Skipped without chromium and chromedriver,
 * unless CAIRN_REQUIRE_BROWSER=1 (as in CI).
 */
class PlaybackThroughPeerTest {
    private static final int SAMPLE_RATE = 22_050;
    private static final int SECONDS = 48;
    /** The listener's node fetches at most this fast: the whole track (about 2.1 MB) takes 16 s or more. */
    private static final long DOWNLOAD_RATE = 128 << 10;

    @TempDir
    Path dir;

    @Test
    void an_audio_element_plays_and_seeks_a_track_its_node_is_still_fetching_from_a_peer() throws Exception {
        byte[] track = wav(SECONDS);
        SwarmOptions capped = new SwarmOptions(4, 32, 0, DOWNLOAD_RATE, Duration.ofSeconds(60));
        try (Node holder = Peers.start(dir.resolve("holder")); Node listener = Peers.start(dir.resolve("listener"), capped, holder)) {
            // 256 KiB blocks: the track is nine of them, so the node can serve the first before it has the last
            var added = Peers.upload(holder, track, "?name=tone.wav&profile=v1-raw-256k-174");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            String sha = Peers.JSON.readTree(added.body()).get("content_hash").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> StreamSupport.stream(getJson(listener, "/tracks?scope=network").spliterator(), false)
                    .anyMatch(t -> sha.equals(t.path("content_hash").asText())));
            var page = Peers.upload(listener, "<!doctype html><html><body>player</body></html>".getBytes(), "?name=player.html");
            String pageCid = Peers.JSON.readTree(page.body()).get("cid").asText();

            ChromeDriver browser = HeadlessChromium.start(dir.resolve("chrome"));
            Map<String, Object> played;
            Map<String, Object> seeked;
            long storedAtPlay;
            try {
                // the page comes from the node too: Chromium refuses media for an opaque (data:) origin
                browser.get(listener.url() + "/ipfs/" + pageCid);
                JavascriptExecutor js = browser;
                played = script(js, """
                        const done = arguments[arguments.length - 1];
                        const a = window.player = document.createElement('audio');
                        a.src = arguments[0];
                        document.body.appendChild(a);
                        const fail = e => done({error: String(a.error && a.error.message || e)});
                        a.onerror = fail;
                        a.addEventListener('loadedmetadata', async () => {
                          try {
                            await a.play();
                            const check = () => {
                              if (a.currentTime > 0.5) { a.removeEventListener('timeupdate', check); done({duration: a.duration, played: a.currentTime}); }
                            };
                            a.addEventListener('timeupdate', check);
                          } catch (e) { fail(e); }
                        }, {once: true});
                        """, listener.url() + "/content/" + sha);
                storedAtPlay = listener.repo().blocks().usedBytes();
                seeked = script(js, """
                        const done = arguments[arguments.length - 1];
                        const a = window.player;
                        const target = a.duration * 0.8;
                        a.onseeked = () => done({target, seekedTo: a.currentTime});
                        a.onerror = () => done({error: String(a.error && a.error.message)});
                        a.currentTime = target;
                        """);
            } finally {
                browser.quit();
            }
            assertThat(played).doesNotContainKey("error");
            assertThat(((Number) played.get("duration")).doubleValue()).isCloseTo(SECONDS, Offset.offset(0.1));
            assertThat(((Number) played.get("played")).doubleValue()).as("playback advanced").isGreaterThan(0.5);
            assertThat(storedAtPlay).as("bytes the listener held once playback had advanced").isLessThan(track.length / 2);
            assertThat(seeked).doesNotContainKey("error");
            assertThat(((Number) seeked.get("seekedTo")).doubleValue()).as(seeked.toString())
                    .isCloseTo(((Number) seeked.get("target")).doubleValue(), Offset.offset(0.1));
            // what it fetched is the track's own bytes, verified
            assertThat(listener.repo().verify().problems()).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> script(JavascriptExecutor js, String script, Object... args) {
        return (Map<String, Object>) js.executeAsyncScript(script, args);
    }

    /** A 16-bit mono PCM WAV of a 440 Hz tone, {@code seconds} long. */
    static byte[] wav(int seconds) {
        int samples = SAMPLE_RATE * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE)
                .putInt(2 * SAMPLE_RATE).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE)));
        return b.array();
    }
}
