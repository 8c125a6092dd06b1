package dev.cairn.store;

import dev.cairn.content.ImportProfile;

/** How {@code add} imports: profile, recursion into directories, wrapping, hidden files, pinning. */
public record AddOptions(ImportProfile profile, boolean recursive, boolean wrap, boolean includeHidden, boolean pin) {
    public static AddOptions defaults() {
        return new AddOptions(ImportProfile.UNIXFS_V1_2025, false, false, false, true);
    }
}
