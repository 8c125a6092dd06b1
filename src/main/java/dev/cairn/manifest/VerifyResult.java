package dev.cairn.manifest;

/**
 * The outcome of verifying a manifest: accepted, or rejected with a {@link Rejection} and a
 * one-line message saying precisely what is wrong. {@code manifest} is null only when it is
 * malformed.
 */
public record VerifyResult(Manifest manifest, Rejection rejection, String message) {
    static VerifyResult accepted(Manifest m) {
        return new VerifyResult(m, null, "OK " + m.name() + " " + m.version() + " " + m.sequence() + " " + m.signer());
    }

    static VerifyResult rejected(Rejection why, String message, Manifest m) {
        return new VerifyResult(m, why, message);
    }

    public boolean ok() {
        return rejection == null;
    }
}
