package dev.cairn.gateway;

import dev.cairn.content.Cid;
import dev.cairn.content.PbLink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The generated HTML listing of a UnixFS directory. It uses the links' Tsize (the DAG size)
 * instead of fetching every child, so it costs one block however large the directory (as the
 * path gateway spec recommends). Every name is percent-encoded in links and HTML-escaped in text.
 */
final class DirectoryIndex {
    /** Changes whenever the HTML changes, so the listing's Etag busts caches. */
    static final String VERSION = "cairn-1";

    private DirectoryIndex() {}

    static String etag(Cid dir) {
        return "\"DirIndex-" + VERSION + "_CID-" + dir + "\"";
    }

    /**
     * @param contentPath the requested path, encoded, ending in '/' (as in X-Ipfs-Path)
     * @param atRoot      whether this directory is the root CID itself (no ".." link then)
     */
    static byte[] render(String contentPath, Cid dir, List<PbLink> links, boolean atRoot) {
        StringBuilder sb = new StringBuilder(512 + links.size() * 200);
        String title = Text.html(Text.percentDecodeOrSelf(contentPath));
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{padding:.25em 1em;text-align:left}td.size{text-align:right}code{font-size:.9em}</style>\n")
                .append("</head>\n<body>\n<h1>Index of ").append(title).append("</h1>\n")
                .append("<p>CID <code>").append(dir).append("</code> &middot; <a href=\"./?format=car\">CAR</a>")
                .append(" &middot; <a href=\"./?format=raw\">block</a></p>\n")
                .append("<table>\n<thead><tr><th>Name</th><th>CID</th><th>DAG size</th></tr></thead>\n<tbody>\n");
        if (!atRoot) sb.append("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
        for (PbLink link : links) {
            String name = link.name() == null ? "" : link.name();
            String cid = link.cid().toString();
            sb.append("<tr><td><a href=\"./").append(Text.html(Text.encodeSegment(name))).append("\">")
                    .append(Text.html(name)).append("</a></td>")
                    .append("<td><a href=\"/ipfs/").append(cid).append("?filename=")
                    .append(Text.html(Text.percentEncode(name, "-._~"))).append("\"><code>")
                    .append(cid).append("</code></a></td>")
                    .append("<td class=\"size\">").append(link.tsize() == null ? "" : humanSize(link.tsize()))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
