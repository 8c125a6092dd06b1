package dev.cairn.manifest;

/** Why a manifest was not accepted; each has its own message in {@link VerifyResult}. */
public enum Rejection {
    /** Not valid JSON, or not the manifest format: the message names the member and the problem. */
    MALFORMED,
    /** The signature is not the signer's signature of this content (changed content, or a changed signer). */
    BAD_SIGNATURE,
    /** Correctly signed, but by a key that is not trusted. */
    UNTRUSTED_KEY,
    /** Past its {@code expires} time. */
    EXPIRED,
    /** A higher sequence of the same name was already accepted here: a rollback. */
    OLDER_SEQUENCE,
    /** The same sequence of the same name was already accepted here with other content. */
    SEQUENCE_REUSED,
    /** A file's content is not stored locally, so it could not be checked. */
    CONTENT_MISSING,
    /** A file's content differs from the manifest: size, SHA-256, or what its CID is. */
    CONTENT_MISMATCH
}
