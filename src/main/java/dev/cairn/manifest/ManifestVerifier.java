package dev.cairn.manifest;

import dev.cairn.content.BlockMismatchException;
import dev.cairn.keys.KeyIds;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.util.Ed25519;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Decides whether a manifest is accepted, checking in this order, and stopping at the first
 * failure: well-formed; signed by the key it names (so a changed byte or a swapped signer fails
 * before trust is asked); that key trusted; not expired; not older than (or a different manifest
 * at) the highest sequence of its name already accepted; and, with a content check, each file's
 * content present and matching. An accepted manifest's sequence is recorded when the sequence
 * store is writable.
 */
public final class ManifestVerifier {
    private final TrustedKeys trusted;
    private final ManifestSequences sequences;
    private final Clock clock;

    /**
     * @param sequences where sequences already seen are kept; null to skip that check (no data directory)
     */
    public ManifestVerifier(TrustedKeys trusted, ManifestSequences sequences, Clock clock) {
        this.trusted = trusted;
        this.sequences = sequences;
        this.clock = clock;
    }

    /** Parses and verifies; {@code content} may be null (no content check). */
    public VerifyResult verify(byte[] json, ContentCheck content) throws IOException {
        Manifest m;
        try {
            m = ManifestCodec.parse(json);
        } catch (MalformedManifestException e) {
            return VerifyResult.rejected(Rejection.MALFORMED, e.getMessage(), null);
        }
        return verify(m, content);
    }

    /**
     * Verifies a parsed manifest; {@code content} may be null (no content check). IOException only
     * when the sequence store or the content cannot be read, which is no verdict on the manifest.
     */
    public VerifyResult verify(Manifest m, ContentCheck content) throws IOException {
        if (m.signer() == null || m.signature() == null) return VerifyResult.rejected(Rejection.MALFORMED, "the manifest is not signed", m);
        if (!signatureHolds(m)) {
            return VerifyResult.rejected(Rejection.BAD_SIGNATURE, "the signature is not " + m.signer()
                    + "'s signature of this manifest: its content or signer was changed after signing", m);
        }
        if (!trusted.trusts(m.signer())) {
            String why = trusted.size() == 0 ? trusted.source() : "it is not among " + trusted.source();
            return VerifyResult.rejected(Rejection.UNTRUSTED_KEY, "signer " + m.signer() + " is not trusted: " + why, m);
        }
        Instant now = clock.instant();
        if (m.expiredAt(now)) {
            return VerifyResult.rejected(Rejection.EXPIRED, m.name() + " " + m.version() + " expired at "
                    + Timestamps.format(m.expires()) + " (now " + Timestamps.format(now) + ")", m);
        }
        String digest = ManifestCodec.digest(m);
        if (sequences != null) {
            Optional<ManifestSequences.Seen> seen = sequences.highest(m.name());
            if (seen.isPresent() && seen.get().sequence() > m.sequence()) {
                return VerifyResult.rejected(Rejection.OLDER_SEQUENCE, "sequence " + m.sequence() + " of " + m.name() + " is older than "
                        + seen.get().sequence() + ", already seen", m);
            }
            if (seen.isPresent() && seen.get().sequence() == m.sequence() && !seen.get().digest().equals(digest)) {
                return VerifyResult.rejected(Rejection.SEQUENCE_REUSED, "sequence " + m.sequence() + " of " + m.name()
                        + " was already seen with different content (signed by " + seen.get().signer() + ")", m);
            }
        }
        if (content != null) {
            VerifyResult problem = checkContent(m, content);
            if (problem != null) return problem;
        }
        if (sequences != null && sequences.writable()) sequences.record(m.name(), m.sequence(), m.signer(), digest);
        return VerifyResult.accepted(m);
    }

    private static boolean signatureHolds(Manifest m) {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(m.signature());
            return Ed25519.verify(KeyIds.publicKey(m.signer()), ManifestCodec.signingBytes(m), signature);
        } catch (IllegalArgumentException e) {
            return false; // a parsed manifest has a well-formed key id and signature; a hand-built one may not
        }
    }

    private static VerifyResult checkContent(Manifest m, ContentCheck content) throws IOException {
        for (int i = 0; i < m.files().size(); i++) {
            ManifestFile f = m.files().get(i);
            String which = "files[" + i + "] " + f.path() + " (" + f.cid() + ")";
            Optional<ContentCheck.Content> read;
            try {
                read = content.read(f.cid());
            } catch (BlockMismatchException e) {
                return VerifyResult.rejected(Rejection.CONTENT_MISMATCH, which + ": the stored copy is corrupt: " + e.getMessage(), m);
            } catch (IllegalArgumentException e) {
                return VerifyResult.rejected(Rejection.CONTENT_MISMATCH, which + ": " + e.getMessage(), m);
            }
            if (read.isEmpty()) {
                return VerifyResult.rejected(Rejection.CONTENT_MISSING, which + ": the content is not available locally", m);
            }
            if (!read.get().sha256().equals(f.sha256())) {
                return VerifyResult.rejected(Rejection.CONTENT_MISMATCH, which + ": sha256 expected " + f.sha256() + ", actual "
                        + read.get().sha256(), m);
            }
            if (read.get().size() != f.size()) {
                return VerifyResult.rejected(Rejection.CONTENT_MISMATCH, which + ": size expected " + f.size() + ", actual "
                        + read.get().size(), m);
            }
        }
        return null;
    }
}
